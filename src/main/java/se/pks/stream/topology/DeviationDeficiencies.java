package se.pks.stream.topology;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.ingest.UnitRegister;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.FeedRecords;
import se.pks.stream.model.Measure;

/**
 * What the stream knows about the data behind a deviation, from the data-quality register of the same task: the
 * records of the measure's feed for the unit over the period's days, the days with rejected records, and whether
 * the period's events mostly came late. Missing reports and outliers need the expected-reporting register, the
 * calendar and the unit's history, which the stream does not have; the database adds them (docs/data-quality.md).
 *
 * <p>A unit's events all come from its registered provider and are counted in that provider's task, under keys
 * provider|unit|feed|day; the period's days are one range of those keys (ISO dates sort as text).
 */
final class DeviationDeficiencies {

    /**
     * A period counts as reported late when more than this share of its accepted events came late: a few late events
     * are normal corrections, a late majority means the figure was wrong for a while (as the public results page).
     */
    static final double LATE_SHARE = 0.1;

    private final KeyValueStore<String, FeedQuality> register;
    private final UnitRegister units;

    DeviationDeficiencies(final KeyValueStore<String, FeedQuality> register, final UnitRegister units) {
        this.register = register;
        this.units = units;
    }

    /** The deviation with its feed's records and deficiencies; unchanged when the unit or measure is unknown. */
    Deviation describe(final Deviation deviation) {
        final Optional<Measure> measure = Measure.byId(deviation.measure());
        final CareUnit unit = units.find(deviation.unitId());
        if (measure.isEmpty() || unit == null) {
            return deviation;
        }
        final Feed feed = measure.get().feed();
        final LocalDate first = deviation.periodStart();
        final LocalDate last = deviation.granularity().next(first).minusDays(1);
        final String prefix = String.join("|", unit.providerId(), unit.unitId(), feed.name(), "");
        FeedRecords records = FeedRecords.none(feed);
        final List<String> labels = new ArrayList<>();
        try (KeyValueIterator<String, FeedQuality> days = register.range(prefix + first, prefix + last)) {
            while (days.hasNext()) {
                final KeyValue<String, FeedQuality> day = days.next();
                records = records.plus(day.value);
                if (day.value.rejected() > 0) {
                    labels.add("REJECTED " + day.value.day() + " " + feed.name());
                }
            }
        }
        if (records.late() > LATE_SHARE * records.accepted()) {
            labels.add("LATE_REPORTING " + first + " " + feed.name());
        }
        return deviation.withQuality(records, labels);
    }
}
