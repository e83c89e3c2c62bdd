package se.pks.stream.topology;

import java.util.Arrays;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.PlanKind;

/** A plan row's topic key, unitId|measure|planKind|granularity|periodStart, and the key of the figure it plans. */
record PlanKey(String figureKey, PlanKind planKind) {

    /** Read from the right, since the last four parts never contain the separator. */
    static PlanKey parse(final String planKey) {
        final String[] parts = planKey.split("\\|");
        if (parts.length < 5) {
            throw new IllegalArgumentException("plan key must be unitId|measure|planKind|granularity|periodStart: "
                    + planKey);
        }
        final int n = parts.length;
        final String unit = String.join("|", Arrays.copyOfRange(parts, 0, n - 4));
        final Granularity granularity = Granularity.valueOf(parts[n - 2]);
        return new PlanKey(String.join("|", granularity.name(), parts[n - 1], unit, parts[n - 4]),
                PlanKind.valueOf(parts[n - 3]));
    }
}
