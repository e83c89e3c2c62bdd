package se.pks.stream.topology;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Within one publication the register does not change, and the measures of one feed share their unit's period:
 * the first-visit, return-visit and total-visit deviations of a week read the same days. So a publication reads each
 * range once ({@link #beginPublication()}). Reading it again would cost more than the reading: Kafka Streams 4.1
 * registers and removes a metric for every store iterator that opens when none is open, which took most of this
 * class's time in a flight recording of a replay (docs/benchmarks.md).
 */
final class DeviationDeficiencies {

    /**
     * A period counts as reported late when more than this share of its accepted events came late: a few late events
     * are normal corrections, a late majority means the figure was wrong for a while (as the public results page).
     */
    static final double LATE_SHARE = 0.1;

    private final KeyValueStore<String, FeedQuality> register;
    private final UnitRegister units;
    /** The ranges read in the current publication, by their first and last key; empty between publications. */
    private final Map<String, Described> publication = new HashMap<>();
    private boolean publishing;

    private record Described(FeedRecords records, List<String> labels) {
    }

    DeviationDeficiencies(final KeyValueStore<String, FeedQuality> register, final UnitRegister units) {
        this.register = register;
        this.units = units;
    }

    /** From now until {@link #endPublication()} the register does not change: each range is read once. */
    void beginPublication() {
        publication.clear();
        publishing = true;
    }

    void endPublication() {
        publication.clear();
        publishing = false;
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
        final String from = prefix + first;
        final String to = prefix + last;
        final Described described = publishing
                ? publication.computeIfAbsent(from + '\n' + to, range -> read(feed, from, to, first))
                : read(feed, from, to, first);
        return deviation.withQuality(described.records(), described.labels());
    }

    private Described read(final Feed feed, final String from, final String to, final LocalDate first) {
        FeedRecords records = FeedRecords.none(feed);
        final List<String> labels = new ArrayList<>();
        try (KeyValueIterator<String, FeedQuality> days = register.range(from, to)) {
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
        return new Described(records, List.copyOf(labels));
    }
}
