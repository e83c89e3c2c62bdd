package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Ownership;
import se.pks.stream.model.PlanKind;
import se.pks.stream.model.Rejection;
import se.pks.stream.model.WeekKind;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * Two polls of the sink written as the service writes them, against a real PostgreSQL: the rows, their
 * {@code updated_at}, the positions and the counters are the ones worked out by hand below. The same expectations held
 * for the row-by-row statements the sink used before it copied its batches into staging tables (commit d4a712d), so
 * the set-based writes change nothing a reader can see.
 */
class BatchWriterTest extends MigratedDatabaseTest {

    private static final LocalDate W1 = LocalDate.of(2025, 1, 6);
    private static final LocalDate W2 = LocalDate.of(2025, 1, 13);
    private static final LocalDate JAN = LocalDate.of(2025, 1, 1);
    private static final OutputTopics OUTPUTS = OutputTopics.of("pks-test");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> poll = new LinkedHashMap<>();
    private BatchWriter writer;

    @BeforeEach
    void resetData() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE pks.measure_value, pks.deviation, pks.plan, pks.unit, pks.calendar_week,"
                    + " pks.rejected_record, pks.feed_quality, pks.feed_rejection, pks.sink_offset,"
                    + " pks.refresh_request");
        }
        writer = new BatchWriter(OUTPUTS, dataSource(), registry,
                new SinkMetrics(registry, BatchWriter.topics(OUTPUTS)), positions);
        for (final String topic : BatchWriter.topics(OUTPUTS)) {
            positions.put(new TopicPartition(topic, 0), SinkOffsets.NONE);
            positions.put(new TopicPartition(topic, 1), SinkOffsets.NONE);
        }
    }

    /** Another deployment's figures on the same cluster never reach this deployment's tables. */
    @Test
    void theSinkReadsItsOwnDeploymentsOutputsAndTheSharedRegisterAndCalendar() {
        assertEquals(Set.of("pks-staging.measure-values.v1", "pks-staging.deviations.v1", "pks-staging.feed-quality.v1",
                        "pks-staging.rejected.v1", "pks.units.v1", "pks.calendar.v1"),
                BatchWriter.topics(OutputTopics.of("pks-staging")));
    }

    /** A batch written while the sink catches up leaves the usual weekly levels for the derived-figure rounds. */
    @Test
    void aCatchingUpBatchLeavesTheWeeklyLevelsForLater() throws Exception {
        send(OUTPUTS.measureValues(), 0, MeasureValue.count(Granularity.WEEK, W1, "u1", "first_visits", 5));
        writer.write(new ConsumerRecords<>(poll), true);
        assertEquals(List.of(), spreads());
        assertEquals(List.of("u1 first_visits"),
                rows("SELECT unit_id || ' ' || measure FROM pks.weekly_spread_pending"));

        // the next batch of live traffic that changes a week settles every pair left, at its commit
        poll.clear();
        send(OUTPUTS.measureValues(), 0, MeasureValue.count(Granularity.WEEK, W2, "u3", "operations", 7));
        writer.write(new ConsumerRecords<>(poll));
        assertEquals(List.of("u1 first_visits 5 0 1", "u3 operations 7 0 1"), spreads());
        assertEquals(List.of(), rows("SELECT unit_id FROM pks.weekly_spread_pending"));
    }

    @Test
    void upsertsTombstonesDuplicatesAndARefusedRecordLandAsTheRowByRowWritesDid() throws Exception {
        // First poll: the rows the second one changes.
        send(OUTPUTS.measureValues(), 0, MeasureValue.count(Granularity.WEEK, W1, "u1", "first_visits", 5));
        send(OUTPUTS.measureValues(), 0, MeasureValue.count(Granularity.WEEK, W2, "u1", "first_visits", 3));
        send(OUTPUTS.measureValues(), 1, new MeasureValue(Granularity.MONTH, JAN, "u2", "occupancy_rate", 0.75, 30.0,
                40.0));
        send(OUTPUTS.measureValues(), 1, MeasureValue.count(Granularity.WEEK, W1, "u3", "operations", 2));
        send(OUTPUTS.deviations(), 0, target("u1", W1, 5.0, 4.0));
        send(OUTPUTS.deviations(), 0, target("u1", W2, 3.0, 4.0));
        send(Topics.UNITS, 0, unit("u1", "Ward one"));
        send(Topics.CALENDAR, 0, new CalendarWeek("r1", W1, WeekKind.LOW_PRODUCTION, "Christmas"));
        send(OUTPUTS.rejected(), 0, rejection(42));
        send(OUTPUTS.feedQuality(), 0, quality(3, Map.of("visitType: is required", 1L, "unitId: unknown unit", 1L)));
        writer.write(new ConsumerRecords<>(poll));
        final Map<String, String> firstStamps = stamps();
        // Each unit's usual weekly level (V28) follows in the same transaction. u1 is in r1, whose week W1 is a
        // low-production week: only W2 (3) is normal, so median 3, MAD 0, one week. u3 is not in the register and
        // has no low-production weeks: W1 (2) alone.
        assertEquals(List.of("u1 first_visits 3 0 1", "u3 operations 2 0 1"), spreads());
        Thread.sleep(5);

        poll.clear();
        // unchanged: keeps its updated_at
        send(OUTPUTS.measureValues(), 0, MeasureValue.count(Granularity.WEEK, W1, "u1", "first_visits", 5));
        // twice in the poll: only the last value counts
        send(OUTPUTS.measureValues(), 0, MeasureValue.count(Granularity.WEEK, W2, "u1", "first_visits", 9));
        send(OUTPUTS.measureValues(), 0, MeasureValue.count(Granularity.WEEK, W2, "u1", "first_visits", 4));
        // a tombstone deletes; a value and its tombstone in one poll leave nothing
        tombstone(OUTPUTS.measureValues(), 1, "WEEK|2025-01-06|u3|operations");
        send(OUTPUTS.measureValues(), 1, MeasureValue.count(Granularity.WEEK, W2, "u3", "operations", 7));
        tombstone(OUTPUTS.measureValues(), 1, "WEEK|2025-01-13|u3|operations");
        // new, with the text and number forms a copy must keep exactly
        send(OUTPUTS.measureValues(), 1, new MeasureValue(Granularity.MONTH, JAN, "u\"4,\nx", "staffed_beds",
                0.1 + 0.2, 1e-300, null));
        // refused too, and must not leave a refresh request behind that fails the batch again
        send(OUTPUTS.measureValues(), 1, MeasureValue.count(Granularity.WEEK, W2, "bad\u0000unit", "first_visits", 1));
        send(OUTPUTS.deviations(), 0, target("u1", W1, 5.0, 4.0));
        tombstone(OUTPUTS.deviations(), 0, "u1|first_visits|TARGET|WEEK|2025-01-13");
        send(OUTPUTS.deviations(), 0, new Deviation(Granularity.MONTH, JAN, "u2", "occupancy_rate",
                PlanKind.CAPACITY_FORECAST, null, 0.9, null, null));
        send(Topics.UNITS, 0, unit("u2", "Ward two"));
        // PostgreSQL text cannot hold NUL: refused by the database, skipped; the rest of the poll lands
        send(Topics.UNITS, 0, unit("u9", "Bad\u0000name"));
        send(Topics.UNITS, 0, unit("u3", "Ward three"));
        tombstone(Topics.CALENDAR, 0, "r1|2025-01-06");
        // rejections are all kept, even under one key, and a replayed one is stored once
        send(OUTPUTS.rejected(), 0, rejection(42));
        send(OUTPUTS.rejected(), 0, rejection(43));
        send(OUTPUTS.rejected(), 0, rejection(44));
        send(OUTPUTS.rejected(), 0, rejection(44));
        send(OUTPUTS.feedQuality(), 0, quality(5, Map.of("visitType: is required", 4L)));
        writer.write(new ConsumerRecords<>(poll));
        final Map<String, String> secondStamps = stamps();

        assertEquals(List.of(
                "MONTH 2025-01-01 u\"4,\nx staffed_beds 0.30000000000000004 1e-300 null",
                "MONTH 2025-01-01 u2 occupancy_rate 0.75 30 40",
                "WEEK 2025-01-06 u1 first_visits 5 null null",
                "WEEK 2025-01-13 u1 first_visits 4 null null"),
                rows("SELECT concat_ws(' ', granularity, period_start, unit_id, measure, value,"
                        + " coalesce(numerator::text, 'null'), coalesce(denominator::text, 'null'))"
                        + " FROM pks.measure_value ORDER BY 1"));
        assertEquals(List.of(
                "MONTH 2025-01-01 u2 occupancy_rate CAPACITY_FORECAST null 0.9 null null",
                "WEEK 2025-01-06 u1 first_visits TARGET 5 4 1 25"),
                rows("SELECT concat_ws(' ', granularity, period_start, unit_id, measure, plan_kind,"
                        + " coalesce(actual::text, 'null'), expected, coalesce(deviation::text, 'null'),"
                        + " coalesce(deviation_pct::text, 'null')) FROM pks.deviation ORDER BY 1"));
        assertEquals(List.of(
                "u1 first_visits TARGET WEEK 2025-01-06 4",
                "u2 occupancy_rate CAPACITY_FORECAST MONTH 2025-01-01 0.9"),
                rows("SELECT concat_ws(' ', unit_id, measure, plan_kind, granularity, period_start, value)"
                        + " FROM pks.plan ORDER BY 1"));
        assertEquals(List.of("u1 Ward one", "u2 Ward two", "u3 Ward three"),
                rows("SELECT unit_id || ' ' || name FROM pks.unit ORDER BY 1"));
        assertEquals(List.of(), rows("SELECT region_id FROM pks.calendar_week"));
        // W1 is a normal week again and W2 is now 4: median of 4 and 5 is 4.5, |5 - 4.5| = |4 - 4.5| = 0.5 is the
        // MAD; u3 has no weekly value left, so no usual level either
        assertEquals(List.of("u1 first_visits 4.5 0.5 2"), spreads());
        assertEquals(List.of("pks.visits.v1 1 42 u1 is required", "pks.visits.v1 1 43 u1 is required",
                        "pks.visits.v1 1 44 u1 is required"),
                rows("SELECT concat_ws(' ', source_topic, source_partition, source_offset, record_key,"
                        + " reasons->0->>'reason') FROM pks.rejected_record ORDER BY 1"));
        assertEquals(List.of("prov-a u1 VISITS 2025-01-07 5 1 4 0 0 0 1"),
                rows("SELECT concat_ws(' ', provider_id, unit_id, feed, day, received, accepted, rejected,"
                        + " duplicates, corrected, deleted, late) FROM pks.feed_quality"));
        assertEquals(List.of("visitType is required 4"),
                rows("SELECT concat_ws(' ', field, reason, count) FROM pks.feed_rejection"));

        // Only rows whose values changed have a new updated_at.
        assertEquals(firstStamps.get("mv WEEK 2025-01-06 u1 first_visits"),
                secondStamps.get("mv WEEK 2025-01-06 u1 first_visits"));
        assertNotEquals(firstStamps.get("mv WEEK 2025-01-13 u1 first_visits"),
                secondStamps.get("mv WEEK 2025-01-13 u1 first_visits"));
        assertEquals(firstStamps.get("mv MONTH 2025-01-01 u2 occupancy_rate"),
                secondStamps.get("mv MONTH 2025-01-01 u2 occupancy_rate"));
        assertEquals(firstStamps.get("dev WEEK 2025-01-06 u1 first_visits TARGET"),
                secondStamps.get("dev WEEK 2025-01-06 u1 first_visits TARGET"));
        assertEquals(firstStamps.get("plan WEEK 2025-01-06 u1 first_visits TARGET"),
                secondStamps.get("plan WEEK 2025-01-06 u1 first_visits TARGET"));

        // Per partition, the offset after the last record of the poll, whether written, skipped or superseded.
        assertEquals(List.of("pks-test.deviations.v1 0 5", "pks-test.feed-quality.v1 0 2",
                        "pks-test.measure-values.v1 0 5", "pks-test.measure-values.v1 1 7", "pks-test.rejected.v1 0 5",
                        "pks.calendar.v1 0 2", "pks.units.v1 0 4"),
                rows("SELECT concat_ws(' ', topic, partition, next_offset) FROM pks.sink_offset"
                        + " ORDER BY topic COLLATE \"C\", partition"));

        // Rows inserted, changed or deleted; an unchanged value, a replayed rejection and a tombstone of a row that
        // does not exist count none. First poll: 4 values, 2 deviations, 1 unit, 1 week, 1 rejection, 1 quality row.
        // Second: values 1 changed + 1 deleted + 1 new; deviations 1 deleted + 1 new; units 2 (u9 skipped);
        // the week deleted; rejections 2 new; the quality row 1 (always rewritten).
        assertEquals(4 + 3, written(OUTPUTS.measureValues()));
        assertEquals(2 + 2, written(OUTPUTS.deviations()));
        assertEquals(1 + 2, written(Topics.UNITS));
        assertEquals(1 + 1, written(Topics.CALENDAR));
        assertEquals(1 + 2, written(OUTPUTS.rejected()));
        assertEquals(1 + 1, written(OUTPUTS.feedQuality()));
        assertEquals(1.0, registry.counter("pks.sink.records.skipped", "table", Topics.UNITS.name()).count());
        assertEquals(1.0,
                registry.counter("pks.sink.records.skipped", "table", OUTPUTS.measureValues().name()).count());

        // Weekly figures and targets ask for their charts, a queue figure for its queue, the calendar for its region.
        assertEquals(List.of("SERIES u1 first_visits", "SERIES u3 operations"),
                rows("SELECT concat_ws(' ', kind, unit_id, measure) FROM pks.refresh_request ORDER BY 1"));
    }

    private void send(final Topic<String, ?> topic, final int partition, final Object value) {
        final String key = switch (value) {
            case MeasureValue v -> v.key();
            case Deviation d -> d.key();
            case CareUnit u -> u.unitId();
            case CalendarWeek w -> w.key();
            case FeedQuality q -> q.key();
            case Rejection r -> r.key();
            default -> throw new IllegalArgumentException(value.toString());
        };
        add(topic, partition, key, serialize(topic, value));
    }

    private void tombstone(final Topic<String, ?> topic, final int partition, final String key) {
        add(topic, partition, key, null);
    }

    private void add(final Topic<String, ?> topic, final int partition, final String key, final byte[] value) {
        final List<ConsumerRecord<String, byte[]>> records =
                poll.computeIfAbsent(new TopicPartition(topic.name(), partition), p -> new ArrayList<>());
        final long offset = positions.get(new TopicPartition(topic.name(), partition)) == SinkOffsets.NONE
                ? records.size()
                : positions.get(new TopicPartition(topic.name(), partition)) + records.size();
        records.add(new ConsumerRecord<>(topic.name(), partition, offset, key, value));
    }

    @SuppressWarnings("unchecked")
    private static <V> byte[] serialize(final Topic<String, V> topic, final Object value) {
        return topic.valueSerde().serializer().serialize(topic.name(), (V) value);
    }

    private static Deviation target(final String unit, final LocalDate week, final double actual,
                                    final double expected) {
        return new Deviation(Granularity.WEEK, week, unit, "first_visits", PlanKind.TARGET, actual, expected,
                actual - expected, 100 * (actual - expected) / expected);
    }

    private List<String> spreads() throws SQLException {
        return rows("SELECT concat_ws(' ', unit_id, measure, median, mad, weeks) FROM pks.weekly_spread ORDER BY 1");
    }

    private static CareUnit unit(final String id, final String name) {
        return new CareUnit(id, name, "prov-a", "org-a", "Org A", Ownership.PUBLIC, "r1");
    }

    private static Rejection rejection(final long offset) {
        return new Rejection(Topics.VISITS.name(), 1, offset, "u1", "{\"bad\":true}",
                List.of(new FieldError("visitType", "is required")), Instant.parse("2025-01-20T12:00:00Z"));
    }

    private static FeedQuality quality(final long received, final Map<String, Long> reasons) {
        final long rejected = reasons.values().stream().mapToLong(Long::longValue).sum();
        return new FeedQuality("prov-a", "u1", Feed.VISITS, LocalDate.of(2025, 1, 7), received, 1, rejected, 0, 0, 0,
                1, reasons);
    }

    private double written(final Topic<String, ?> topic) {
        return registry.counter("pks.sink.rows.written", "table", topic.name()).count();
    }

    private Map<String, String> stamps() throws SQLException {
        final Map<String, String> stamps = new HashMap<>();
        for (final String row : rows("""
                SELECT concat_ws(' ', 'mv', granularity, period_start, unit_id, measure) || '=' || updated_at
                FROM pks.measure_value
                UNION ALL SELECT concat_ws(' ', 'dev', granularity, period_start, unit_id, measure, plan_kind)
                                 || '=' || updated_at FROM pks.deviation
                UNION ALL SELECT concat_ws(' ', 'plan', granularity, period_start, unit_id, measure, plan_kind)
                                 || '=' || updated_at FROM pks.plan""")) {
            final int split = row.lastIndexOf('=');
            stamps.put(row.substring(0, split), row.substring(split + 1));
        }
        return stamps;
    }

    private List<String> rows(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
