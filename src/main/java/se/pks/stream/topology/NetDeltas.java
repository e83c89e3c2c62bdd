package se.pks.stream.topology;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.pks.stream.model.BucketKey;
import se.pks.stream.model.Granularity;

/**
 * The net change one record makes to a unit's sums, per bucket (granularity, period, unit) and component. A
 * correction or a waiting-list removal retracts the old version's contributions and adds the new one's, and most of
 * them cancel (a removal only moves the end of the entry's spans); netting them first lets the processor touch each
 * bucket's store entry once, and not at all when nothing changed, instead of once per component, sign and
 * granularity.
 *
 * <p>Components whose contributions cancel are kept with 0: a component once seen stays in its bucket (it decides
 * which measures a bucket publishes), so a 0 still has to reach a bucket that has not seen the component yet.
 */
final class NetDeltas {

    private final Map<BucketKey, Map<Component, Long>> sums = new LinkedHashMap<>();
    private final Map<BucketKey, Map<Component, Long>> flows = new LinkedHashMap<>();

    void add(final String unit, final List<Contribution> contributions, final int sign) {
        for (final Contribution contribution : contributions) {
            final Map<BucketKey, Map<Component, Long>> target =
                    contribution.component().isLevelFlow() ? flows : sums;
            for (final Granularity granularity : Granularity.values()) {
                final BucketKey bucket = new BucketKey(granularity, granularity.periodStart(contribution.day()), unit);
                target.computeIfAbsent(bucket, key -> new EnumMap<>(Component.class))
                        .merge(contribution.component(), sign * contribution.amount(), Long::sum);
            }
        }
    }

    /** Net changes to the sums within a period (counts, seconds, beds, days). */
    Map<BucketKey, Map<Component, Long>> sums() {
        return sums;
    }

    /** Net changes to the waiting-list flows (+1/-1 per period, summed into levels when published). */
    Map<BucketKey, Map<Component, Long>> flows() {
        return flows;
    }
}
