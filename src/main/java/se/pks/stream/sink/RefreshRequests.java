package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.Measure;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topics;

/**
 * Notes, in the sink's transaction, which SPC charts, projections and queue figures a batch has made stale: a changed
 * weekly figure, a changed weekly or monthly target, or a changed production calendar.
 */
final class RefreshRequests {

    private static final Set<String> QUEUE_MEASURES = Set.of(
            Measure.REFERRALS_IN_FIRST_VISIT.id(), Measure.REMOVALS_FIRST_VISIT.id(),
            Measure.WAITING_COUNT_FIRST_VISIT.id(), Measure.MEAN_WAIT_DAYS_FIRST_VISIT.id(),
            Measure.REFERRALS_IN_TREATMENT.id(), Measure.REMOVALS_TREATMENT.id(),
            Measure.WAITING_COUNT_TREATMENT.id(), Measure.MEAN_WAIT_DAYS_TREATMENT.id());
    /**
     * All of a batch's requests in one statement: a replay asks for hundreds of series per batch. A request for a
     * series that a refresher round has claimed clears the claim, so the series is done again ({@link RefreshClaims}).
     */
    private static final String REQUEST = """
            INSERT INTO pks.refresh_request (kind, unit_id, measure)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[])
            ON CONFLICT (kind, unit_id, measure) DO UPDATE SET claimed_until = NULL
            WHERE pks.refresh_request.claimed_until IS NOT NULL""";
    private static final String REQUEST_REGION = """
            INSERT INTO pks.refresh_request (kind, unit_id, measure)
            SELECT DISTINCT 'SERIES', mv.unit_id, mv.measure
            FROM pks.measure_value mv JOIN pks.unit u ON u.unit_id = mv.unit_id
            WHERE mv.granularity = 'WEEK' AND u.region_id = ?
            ON CONFLICT (kind, unit_id, measure) DO UPDATE SET claimed_until = NULL
            WHERE pks.refresh_request.claimed_until IS NOT NULL""";

    private final String measureValues;
    private final String deviations;
    private final Set<String> spc = new TreeSet<>();
    private final Set<String> queues = new TreeSet<>();
    private final Set<String> regions = new TreeSet<>();

    RefreshRequests(final OutputTopics outputs) {
        this.measureValues = outputs.measureValues().name();
        this.deviations = outputs.deviations().name();
    }

    void note(final ConsumerRecord<String, byte[]> record) {
        // Only keyed records of the three topics below matter; the rejected topic may carry a record without a key.
        if (record.key() == null) {
            return;
        }
        final String[] key = record.key().split("\\|");
        if (record.topic().equals(measureValues) && key[0].equals("WEEK")) {
            // granularity|periodStart|unitId|measure
            spc.add(text(key[2] + "|" + key[3]));
            if (QUEUE_MEASURES.contains(key[3])) {
                queues.add(key[2]);
            }
        } else if (record.topic().equals(deviations) && key[2].equals("TARGET")) {
            // unitId|measure|planKind|granularity|periodStart: a weekly target decides the chart's assurance, and
            // weekly or monthly targets the year-end projection
            spc.add(text(key[0] + "|" + key[1]));
        } else if (record.topic().equals(Topics.CALENDAR.name())) {
            // regionId|weekStart: a week's kind decides whether it belongs to the baseline
            regions.add(text(key[0]));
        }
    }

    /**
     * PostgreSQL text cannot hold NUL. A request holding one would fail the whole batch on every retry, after the
     * record itself was skipped; refusing it here has the sink skip the record instead.
     */
    private static String text(final String part) {
        if (part.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("The record key holds a NUL character");
        }
        return part;
    }

    void store(final Connection connection) throws SQLException {
        final List<String> kinds = new ArrayList<>();
        final List<String> units = new ArrayList<>();
        final List<String> measures = new ArrayList<>();
        for (final String series : spc) {
            final int split = series.indexOf('|');
            kinds.add("SERIES");
            units.add(series.substring(0, split));
            measures.add(series.substring(split + 1));
        }
        for (final String unit : queues) {
            kinds.add("QUEUE");
            units.add(unit);
            measures.add("");
        }
        if (!kinds.isEmpty()) {
            try (PreparedStatement request = connection.prepareStatement(REQUEST)) {
                request.setArray(1, connection.createArrayOf("text", kinds.toArray()));
                request.setArray(2, connection.createArrayOf("text", units.toArray()));
                request.setArray(3, connection.createArrayOf("text", measures.toArray()));
                request.executeUpdate();
            }
        }
        try (PreparedStatement region = connection.prepareStatement(REQUEST_REGION)) {
            for (final String regionId : regions) {
                region.setString(1, regionId);
                region.addBatch();
            }
            region.executeBatch();
        }
    }
}
