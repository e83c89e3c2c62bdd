package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.PlanKind;
import se.pks.stream.model.Rejection;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topics;

/** The sink's writes against a real PostgreSQL with the real migrations: idempotent, and tombstones delete. */
class SinkTablesTest extends MigratedDatabaseTest {

    private static final OutputTopics OUTPUTS = OutputTopics.of("pks-test");

    @BeforeEach
    void resetData() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE pks.measure_value, pks.deviation, pks.rejected_record, pks.feed_quality,"
                    + " pks.feed_rejection");
        }
    }

    @Test
    void writingTheSameMeasureValueTwiceLeavesOneRowAndATombstoneDeletesIt() throws SQLException {
        final MeasureValue value = MeasureValue.count(Granularity.WEEK, LocalDate.of(2025, 1, 6), "u1", "first_visits", 7);
        final MeasureValueMirror table = new MeasureValueMirror(OUTPUTS.measureValues());
        table.write(connection, List.of(record(OUTPUTS.measureValues(), value.key(), value)));
        table.write(connection, List.of(record(OUTPUTS.measureValues(), value.key(), value)));
        assertEquals("1 7", scalar("SELECT count(*) || ' ' || max(value) FROM pks.measure_value"));

        final MeasureValue corrected = MeasureValue.count(Granularity.WEEK, LocalDate.of(2025, 1, 6), "u1",
                "first_visits", 6);
        table.write(connection, List.of(record(OUTPUTS.measureValues(), value.key(), corrected)));
        assertEquals("1 6", scalar("SELECT count(*) || ' ' || max(value) FROM pks.measure_value"));

        table.write(connection, List.of(record(OUTPUTS.measureValues(), value.key(), null)));
        assertEquals("0", scalar("SELECT count(*) FROM pks.measure_value"));
    }

    @Test
    void deviationsKeepNullsAndAreDeletedWithTheirPlan() throws SQLException {
        final Deviation unknown = new Deviation(Granularity.MONTH, LocalDate.of(2025, 2, 1), "u1", "occupancy_rate",
                PlanKind.CAPACITY_FORECAST, null, 0.9, null, null);
        final Deviation known = new Deviation(Granularity.WEEK, LocalDate.of(2025, 1, 6), "u1", "first_visits",
                PlanKind.TARGET, 3.0, 4.0, -1.0, -25.0);
        final DeviationMirror table = new DeviationMirror(OUTPUTS.deviations());
        table.write(connection, List.of(record(OUTPUTS.deviations(), unknown.key(), unknown),
                record(OUTPUTS.deviations(), known.key(), known)));
        table.write(connection, List.of(record(OUTPUTS.deviations(), known.key(), known)));
        assertEquals("2", scalar("SELECT count(*) FROM pks.deviation"));
        assertNull(scalar("SELECT actual FROM pks.deviation WHERE measure = 'occupancy_rate'"));
        assertEquals("-25", scalar("SELECT deviation_pct FROM pks.deviation WHERE measure = 'first_visits'"));

        table.write(connection, List.of(record(OUTPUTS.deviations(), known.key(), null)));
        assertEquals("occupancy_rate", scalar("SELECT string_agg(measure, ',') FROM pks.deviation"));
    }

    @Test
    void aReplayedRejectionIsStoredOnce() throws SQLException {
        final Rejection rejection = new Rejection(Topics.VISITS.name(), 1, 42, "u1", "{\"bad\":true}",
                List.of(new FieldError("visitType", "is required")), Instant.parse("2025-01-20T12:00:00Z"));
        final RejectedRecordMirror table = new RejectedRecordMirror(OUTPUTS.rejected());
        table.write(connection, List.of(record(OUTPUTS.rejected(), "u1", rejection)));
        table.write(connection, List.of(record(OUTPUTS.rejected(), "u1", rejection)));
        assertEquals("1", scalar("SELECT count(*) FROM pks.rejected_record"));
        assertEquals("is required", scalar("SELECT reasons->0->>'reason' FROM pks.rejected_record"));
    }

    @Test
    void theFeedQualityRowAndItsReasonsAreReplacedByTheLatestTotals() throws SQLException {
        final FeedQualityMirror table = new FeedQualityMirror(OUTPUTS.feedQuality());
        final FeedQuality first = new FeedQuality("prov-a", "u1", Feed.VISITS, LocalDate.of(2025, 1, 7), 3, 1, 2, 0,
                0, 0, 1, Map.of("visitType: is required", 1L, "unitId: unknown unit 'x'", 1L));
        final FeedQuality later = new FeedQuality("prov-a", "u1", Feed.VISITS, LocalDate.of(2025, 1, 7), 4, 1, 3, 0,
                0, 0, 1, Map.of("visitType: is required", 3L));
        table.write(connection, List.of(record(OUTPUTS.feedQuality(), first.key(), first)));
        table.write(connection, List.of(record(OUTPUTS.feedQuality(), later.key(), later)));
        assertEquals("4 1 3 1", scalar("SELECT received || ' ' || accepted || ' ' || rejected || ' ' || late"
                + " FROM pks.feed_quality"));
        assertEquals("visitType is required 3", scalar("SELECT string_agg(field || ' ' || reason || ' ' || count, ',')"
                + " FROM pks.feed_rejection"));
    }

    private static <V> ConsumerRecord<String, byte[]> record(final Topic<String, V> topic, final String key,
                                                             final V value) {
        final byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
        return new ConsumerRecord<>(topic.name(), 0, 0, key, bytes);
    }

    private String scalar(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
