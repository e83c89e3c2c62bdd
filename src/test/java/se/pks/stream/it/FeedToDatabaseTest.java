package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topics;

/**
 * End to end on real parts: a hand-made feed goes through a real KRaft broker, the exactly-once stream and the
 * database sink into a real PostgreSQL. Every expected row below is worked out by hand in the comments.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class FeedToDatabaseTest {

    private static final Instant RECEIVED = Instant.parse("2025-01-20T12:00:00Z");
    private static final Instant LATE = Instant.parse("2025-02-20T09:00:00Z");

    @Inject
    OutputTopics outputs;

    @Inject
    KafkaStreams streams;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aHandMadeFeedProducesExactlyTheHandComputedRows() throws SQLException {
        try (ProviderFeed producer = new ProviderFeed(bootstrapServers)) {
            unit(producer, "u1", "prov-a");
            unit(producer, "u2", "prov-a");
            unit(producer, "other", "prov-b");
            producer.flush();
            ProviderFeed.awaitUnitsKnown(streams, "u1", "u2", "other");

            plan(producer, "u1", "first_visits", "TARGET", "WEEK", "2025-01-06", 4);
            plan(producer, "u1", "first_visits", "TARGET", "WEEK", "2025-01-13", 5);
            plan(producer, "u1", "emergency_visits", "TARGET", "WEEK", "2025-01-06", 0);
            plan(producer, "u1", "care_days", "TARGET", "WEEK", "2025-01-06", 30);
            plan(producer, "u1", "first_visits", "TARGET", "MONTH", "2025-01-01", 10);
            plan(producer, "u1", "waiting_count", "WAITING_FORECAST", "WEEK", "2025-01-13", 1);
            plan(producer, "u1", "operation_hours", "CAPACITY_FORECAST", "WEEK", "2025-01-06", 2);
            plan(producer, "u2", "first_visits", "TARGET", "WEEK", "2025-01-06", 2);

            // Visits: v1 sent twice (counted once); v2 corrected from FIRST to RETURN; v3 at 23:30Z on Sunday
            // 5 January = 00:30 Monday 6 January in Stockholm; v4 deleted; v5 registered six weeks late.
            visit(producer, "v1", "2025-01-07T10:00:00+01:00", "FIRST", RECEIVED);
            visit(producer, "v1", "2025-01-07T10:00:00+01:00", "FIRST", RECEIVED);
            visit(producer, "v2", "2025-01-08T10:00:00+01:00", "FIRST", RECEIVED);
            visit(producer, "v3", "2025-01-05T23:30:00Z", "FIRST", RECEIVED);
            visit(producer, "v4", "2025-01-09T10:00:00+01:00", "FIRST", RECEIVED);
            visit(producer, "v2", "2025-01-08T10:00:00+01:00", "RETURN", RECEIVED);
            send(producer, Topics.VISITS.name(), "u1", """
                    {"eventId":"v4","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-09T10:00:00+01:00",\
                    "deleted":true}""", RECEIVED);

            // Bed census: Monday 20/15 replaced by the evening census 20/18; Tuesday 22/11.
            census(producer, "c1", "2025-01-06T07:00:00+01:00", 20, 15);
            census(producer, "c2", "2025-01-06T19:00:00+01:00", 20, 18);
            census(producer, "c3", "2025-01-07T07:00:00+01:00", 22, 11);
            // Discharges: 6 Jan -> 9 Jan local = 3 days; 8 Jan 23:30Z (= 9 Jan local) -> 10 Jan = 1 day.
            send(producer, Topics.BED_OCCUPANCY.name(), "u1", """
                    {"eventId":"d1","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-09T15:00:00+01:00",\
                    "type":"DISCHARGE","admittedAt":"2025-01-06T10:00:00+01:00","dischargedAt":"2025-01-09T15:00:00+01:00"}""",
                    RECEIVED);
            send(producer, Topics.BED_OCCUPANCY.name(), "u1", """
                    {"eventId":"d2","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-10T09:00:00+01:00",\
                    "type":"DISCHARGE","admittedAt":"2025-01-08T23:30:00Z","dischargedAt":"2025-01-10T09:00:00+01:00"}""",
                    RECEIVED);
            // One operation of 1.5 hours.
            send(producer, Topics.OPERATIONS.name(), "u1", """
                    {"eventId":"o1","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-07T08:00:00+01:00",\
                    "startedAt":"2025-01-07T08:00:00+01:00","endedAt":"2025-01-07T09:30:00+01:00","priority":"ELECTIVE"}""",
                    RECEIVED);
            // Waiting list: r1 and r2 added in the week of 6 January, r1 removed on 14 January.
            waiting(producer, "w1", "2025-01-07T10:00:00+01:00", "r1", "ADDED");
            waiting(producer, "w2", "2025-01-08T10:00:00+01:00", "r2", "ADDED");
            waiting(producer, "w3", "2025-01-14T10:00:00+01:00", "r1", "REMOVED");

            sendInvalidRecords(producer);
            visit(producer, "v5", "2025-01-10T10:00:00+01:00", "FIRST", LATE);
            producer.flush();
        }

        final Set<String> expectedValues = expectedMeasureValues();
        final Set<String> expectedDeviations = expectedDeviations();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                measureValues().equals(expectedValues) && deviations().equals(expectedDeviations)
                        && count("SELECT count(*) FROM pks.rejected_record") == 10);
        assertEquals(expectedValues, measureValues());
        assertEquals(expectedDeviations, deviations());
        assertRejections(readRejectedTopic(10));
        assertNoPersonalIdentityNumberStored();
        assertDataQualityRegister();
    }

    /** Weekly and monthly rows for u1; u2 and "other" had no valid event. */
    private static Set<String> expectedMeasureValues() {
        final Set<String> rows = new TreeSet<>();
        for (final String period : List.of("WEEK|2025-01-06", "MONTH|2025-01-01")) {
            rows.add(period + "|u1|first_visits=3.0000");      // v1, v3, v5
            rows.add(period + "|u1|return_visits=1.0000");     // v2 after correction
            rows.add(period + "|u1|emergency_visits=0.0000");
            rows.add(period + "|u1|operations=1.0000");
            rows.add(period + "|u1|operation_hours=1.5000");
            rows.add(period + "|u1|care_days=29.0000");        // 18 + 11
            rows.add(period + "|u1|staffed_beds=21.0000");     // (20 + 22) / 2
            rows.add(period + "|u1|occupancy_rate=0.6905");    // 29 / 42
            rows.add(period + "|u1|discharges=2.0000");
            rows.add(period + "|u1|avg_length_of_stay=2.0000"); // (3 + 1) / 2
            rows.add(period + "|u1|referrals_in=2.0000");
        }
        // r1 left on 14 January: one removal in that week and month, and no new referral that week.
        // Both referrals are on the first-visit list, which has the same figures again.
        for (final String list : List.of("", "_first_visit")) {
            rows.add("WEEK|2025-01-06|u1|referrals_in" + list + "=2.0000");
            rows.add("WEEK|2025-01-06|u1|removals" + list + "=0.0000");
            rows.add("WEEK|2025-01-13|u1|referrals_in" + list + "=0.0000");
            rows.add("WEEK|2025-01-13|u1|removals" + list + "=1.0000");
            rows.add("MONTH|2025-01-01|u1|referrals_in" + list + "=2.0000");
            rows.add("MONTH|2025-01-01|u1|removals" + list + "=1.0000");
        }
        // Levels at each period's end, up to the week of the latest record (20 Feb = week of 17 Feb). r1 waits since
        // 7 Jan, r2 since 8 Jan; neither is near the 90-day limit, and neither has a medical target date (so that
        // compliance is undefined and has no row). Mean wait: at Sunday 12 Jan (5 + 4) / 2 = 4.5 days; afterwards
        // only r2, 11 days at Sunday 19 Jan and 7 more each week; 23 at 31 Jan and 51 at 28 Feb.
        addLevels(rows, "WEEK|2025-01-06", 2, 4.5);
        final List<String> weeks = List.of("2025-01-13", "2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10",
                "2025-02-17");
        for (int i = 0; i < weeks.size(); i++) {
            addLevels(rows, "WEEK|" + weeks.get(i), 1, 11 + 7 * i);
        }
        addLevels(rows, "MONTH|2025-01-01", 1, 23);
        addLevels(rows, "MONTH|2025-02-01", 1, 51);
        return rows;
    }

    private static void addLevels(final Set<String> rows, final String period, final int waiting,
                                  final double meanWait) {
        rows.add(period + "|u1|waiting_count=" + format(waiting, false));
        rows.add(period + "|u1|waiting_count_first_visit=" + format(waiting, false));
        rows.add(period + "|u1|waiting_over_limit=0.0000");
        rows.add(period + "|u1|guarantee_compliance=1.0000");
        rows.add(period + "|u1|mean_wait_days=" + format(meanWait, false));
        rows.add(period + "|u1|mean_wait_days_first_visit=" + format(meanWait, false));
    }

    /** unit|measure|kind|granularity|period = actual, expected, deviation, deviation_pct ("-" for null). */
    private static Set<String> expectedDeviations() {
        return new TreeSet<>(List.of(
                "u1|first_visits|TARGET|WEEK|2025-01-06=3.0000,4.0000,-1.0000,-25.0000",
                // The empty planned week: nothing happened, so actual 0 and the whole target missing.
                "u1|first_visits|TARGET|WEEK|2025-01-13=0.0000,5.0000,-5.0000,-100.0000",
                // Nothing planned: the percentage is undefined.
                "u1|emergency_visits|TARGET|WEEK|2025-01-06=0.0000,0.0000,0.0000,-",
                "u1|care_days|TARGET|WEEK|2025-01-06=29.0000,30.0000,-1.0000,-3.3333",
                "u1|first_visits|TARGET|MONTH|2025-01-01=3.0000,10.0000,-7.0000,-70.0000",
                "u1|waiting_count|WAITING_FORECAST|WEEK|2025-01-13=1.0000,1.0000,0.0000,0.0000",
                "u1|operation_hours|CAPACITY_FORECAST|WEEK|2025-01-06=1.5000,2.0000,-0.5000,-25.0000",
                "u2|first_visits|TARGET|WEEK|2025-01-06=0.0000,2.0000,-2.0000,-100.0000"));
    }

    private void sendInvalidRecords(final ProviderFeed producer) {
        // 1 unknown unit
        send(producer, Topics.VISITS.name(), "nowhere", visitJson("x1", "nowhere", "prov-a",
                "2025-01-07T10:00:00+01:00", "FIRST"), RECEIVED);
        // 2 a unit of another provider
        send(producer, Topics.VISITS.name(), "other", visitJson("x2", "other", "prov-a",
                "2025-01-07T10:00:00+01:00", "FIRST"), RECEIVED);
        // 3 occupied > staffed
        census(producer, "x3", "2025-01-08T07:00:00+01:00", 10, 12);
        // 4 a personal identity number as referral id
        send(producer, Topics.WAITING_LIST.name(), "u1", """
                {"eventId":"x4","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-07T10:00:00+01:00",\
                "referralId":"19811218-9876","action":"ADDED","guarantee":"FIRST_VISIT","waitingSince":"2025-01-07"}""",
                RECEIVED);
        // 5 not JSON
        send(producer, Topics.VISITS.name(), "u1", "x5;u1;FIRST", RECEIVED);
        // 6 ends before it starts
        send(producer, Topics.OPERATIONS.name(), "u1", """
                {"eventId":"x6","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-07T10:00:00+01:00",\
                "startedAt":"2025-01-07T10:00:00+01:00","endedAt":"2025-01-07T09:00:00+01:00","priority":"ACUTE"}""",
                RECEIVED);
        // 7 five days after its arrival
        visit(producer, "x7", "2025-01-25T10:00:00+01:00", "FIRST", RECEIVED);
        // 8 negative beds
        census(producer, "x8", "2025-01-08T07:00:00+01:00", -3, 0);
        // 9 no visitType
        send(producer, Topics.VISITS.name(), "u1", """
                {"eventId":"x9","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-07T10:00:00+01:00"}""",
                RECEIVED);
        // 10 a weekly plan that does not start on a Monday
        send(producer, Topics.PLANS.name(), "u1|first_visits|TARGET|WEEK|2025-01-07", """
                {"unitId":"u1","measure":"first_visits","planKind":"TARGET","granularity":"WEEK",\
                "periodStart":"2025-01-07","value":3}""", RECEIVED);
    }

    private static void assertRejections(final List<Rejection> rejections) {
        final Map<String, String> expected = Map.of(
                "x1", "unitId: unknown unit 'nowhere'",
                "x2", "unitId: unit 'other' belongs to another provider",
                "x3", "occupiedBeds: must not exceed staffedBeds (12 > 10)",
                "x4", "referralId: looks like a personal identity number",
                "x5", "value: is not valid JSON",
                "x6", "endedAt: must be after startedAt",
                "x7", "occurredAt: is more than 1 day(s) in the future",
                "x8", "staffedBeds: must not be negative, was -3",
                "x9", "visitType: is required",
                "\"periodStart\":\"2025-01-07\"", "periodStart: must be a Monday for WEEK plans");
        assertEquals(10, rejections.size());
        for (final Map.Entry<String, String> entry : expected.entrySet()) {
            final Rejection rejection = rejections.stream()
                    .filter(r -> r.value().contains(entry.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("no rejection for " + entry.getKey()));
            assertTrue(rejection.reasons().stream().anyMatch(r -> r.toString().startsWith(entry.getValue())),
                    () -> entry.getKey() + ": expected '" + entry.getValue() + "' in " + rejection.reasons());
        }
    }

    /** The register counts per provider, unit, feed and day of occurrence; a late event is 3+ days after the fact. */
    private void assertDataQualityRegister() {
        // 8 January, visits: v2 and its correction, both received on 20 January (late).
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "2 2 0 0 1 2".equals(text("""
                SELECT received || ' ' || accepted || ' ' || rejected || ' ' || duplicates || ' ' || corrected || ' '
                       || late FROM pks.feed_quality
                WHERE provider_id = 'prov-a' AND unit_id = 'u1' AND feed = 'VISITS' AND day = '2025-01-08'""")));
        // 7 January, visits: v1 twice (one duplicate) and x9 refused (v3 is on the 6th locally): 3 received,
        // 2 accepted, 1 rejected, 1 duplicate. 9 January: v4 and its deletion, 2 received and accepted, 1 deleted.
        assertEquals("3 2 1 1 0", text("""
                SELECT received || ' ' || accepted || ' ' || rejected || ' ' || duplicates || ' ' || deleted
                FROM pks.feed_quality
                WHERE provider_id = 'prov-a' AND unit_id = 'u1' AND feed = 'VISITS' AND day = '2025-01-07'"""));
        assertEquals("2 2 0 0 1", text("""
                SELECT received || ' ' || accepted || ' ' || rejected || ' ' || duplicates || ' ' || deleted
                FROM pks.feed_quality
                WHERE provider_id = 'prov-a' AND unit_id = 'u1' AND feed = 'VISITS' AND day = '2025-01-09'"""));
        // 8 January, bed occupancy: x3 and x8 refused, each for its own first reason.
        assertEquals("occupiedBeds 1,staffedBeds 1", text("""
                SELECT string_agg(field || ' ' || count, ',' ORDER BY field) FROM pks.feed_rejection
                WHERE unit_id = 'u1' AND feed = 'BED_OCCUPANCY' AND day = '2025-01-08'"""));
        // The record that was not JSON names no provider or unit: it counts on the day it arrived.
        assertEquals("1", text("""
                SELECT rejected FROM pks.feed_quality
                WHERE provider_id = '?' AND unit_id = '?' AND feed = 'VISITS' AND day = '2025-01-20'"""));
    }

    private String text(final String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        } catch (final SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertNoPersonalIdentityNumberStored() {
        assertEquals(0, count("SELECT count(*) FROM pks.rejected_record WHERE record_key LIKE '%811218%'"
                + " OR reasons::text LIKE '%811218%'"));
        assertEquals(1, count("SELECT count(*) FROM pks.rejected_record WHERE reasons::text LIKE"
                + " '%looks like a personal identity number%'"));
        assertEquals(3, count("SELECT count(*) FROM pks.unit"));
        assertFalse(readRejectedTopic(10).stream().anyMatch(r -> r.value().contains("811218")));
    }

    private Set<String> measureValues() throws SQLException {
        final Set<String> rows = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT granularity, period_start, unit_id, measure, value FROM pks.measure_value")) {
            while (result.next()) {
                rows.add(result.getString(1) + "|" + result.getString(2) + "|" + result.getString(3) + "|"
                        + result.getString(4) + "=" + format(result.getDouble(5), false));
            }
        }
        return rows;
    }

    private Set<String> deviations() throws SQLException {
        final Set<String> rows = new TreeSet<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("""
                     SELECT unit_id, measure, plan_kind, granularity, period_start, actual, expected, deviation,
                            deviation_pct FROM pks.deviation""")) {
            while (result.next()) {
                rows.add(String.join("|", result.getString(1), result.getString(2), result.getString(3),
                        result.getString(4), result.getString(5)) + "="
                        + format(result.getDouble(6), result.wasNull()) + ","
                        + format(result.getDouble(7), result.wasNull()) + ","
                        + format(result.getDouble(8), result.wasNull()) + ","
                        + format(result.getDouble(9), result.wasNull()));
            }
        }
        return rows;
    }

    private long count(final String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (final SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String format(final double value, final boolean isNull) {
        return isNull ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    private List<Rejection> readRejectedTopic(final int expected) {
        final Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "rejected-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<Rejection> rejections = new ArrayList<>();
        try (KafkaConsumer<String, Rejection> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                outputs.rejected().valueSerde().deserializer())) {
            consumer.subscribe(List.of(outputs.rejected().name()));
            final long deadline = System.currentTimeMillis() + 30_000;
            while (rejections.size() < expected && System.currentTimeMillis() < deadline) {
                for (final ConsumerRecord<String, Rejection> record : consumer.poll(Duration.ofMillis(500))) {
                    rejections.add(record.value());
                }
            }
        }
        return rejections;
    }



    private static void send(final ProviderFeed producer, final String topic, final String key,
                             final String value, final Instant receivedAt) {
        producer.send(topic, key, value, receivedAt);
    }

    private static void unit(final ProviderFeed producer, final String unitId, final String providerId) {
        producer.unit(unitId, providerId, "org-" + providerId, "Organisation " + providerId, "PUBLIC", "region-test",
                RECEIVED);
    }

    private static void plan(final ProviderFeed producer, final String unit, final String measure,
                             final String kind, final String granularity, final String periodStart,
                             final double value) {
        producer.plan(unit, measure, kind, granularity, periodStart, value, RECEIVED);
    }

    private static String visitJson(final String eventId, final String unit, final String provider,
                                    final String occurredAt, final String type) {
        return """
                {"eventId":"%s","providerId":"%s","unitId":"%s","occurredAt":"%s","visitType":"%s"}"""
                .formatted(eventId, provider, unit, occurredAt, type);
    }

    private static void visit(final ProviderFeed producer, final String eventId,
                              final String occurredAt, final String type, final Instant receivedAt) {
        send(producer, Topics.VISITS.name(), "u1", visitJson(eventId, "u1", "prov-a", occurredAt, type), receivedAt);
    }

    private static void census(final ProviderFeed producer, final String eventId,
                               final String occurredAt, final int staffed, final int occupied) {
        send(producer, Topics.BED_OCCUPANCY.name(), "u1", """
                {"eventId":"%s","providerId":"prov-a","unitId":"u1","occurredAt":"%s","type":"CENSUS",\
                "staffedBeds":%d,"occupiedBeds":%d}""".formatted(eventId, occurredAt, staffed, occupied), RECEIVED);
    }

    private static void waiting(final ProviderFeed producer, final String eventId,
                                final String occurredAt, final String referralId, final String action) {
        final String extra = action.equals("ADDED")
                ? "\"guarantee\":\"FIRST_VISIT\",\"waitingSince\":\"" + occurredAt.substring(0, 10) + "\""
                : "\"removalReason\":\"PERFORMED\"";
        send(producer, Topics.WAITING_LIST.name(), "u1", """
                {"eventId":"%s","providerId":"prov-a","unitId":"u1","occurredAt":"%s","referralId":"%s",\
                "action":"%s",%s}""".formatted(eventId, occurredAt, referralId, action, extra), RECEIVED);
    }
}
