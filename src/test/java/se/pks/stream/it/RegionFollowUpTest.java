package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.Topics;

/**
 * A small hand-made region through the real broker, stream and database: every period kind for one unit, and the
 * organisation, region and ownership rollups, read as the figures stood on 31 May 2025. Worked by hand below.
 *
 * <p>Region r: hospital org-a (PUBLIC) with units a1 and a2, private clinic org-b with unit b1. First visits: a1 3 in
 * January (week of 6 Jan), 2 in February, 1 on 20 May (week of 19 May); a2 1 in January; b1 4 in January and 2 in
 * May. Censuses on 8 January: a1 9 of 10 beds occupied, a2 15 of 30.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class RegionFollowUpTest {

    private static final Instant RECEIVED = Instant.parse("2025-06-01T10:00:00Z");

    @Inject
    KafkaStreams streams;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyPeriodKindAndRollupLevelShowsTheHandComputedFigures() throws SQLException {
        try (ProviderFeed producer = new ProviderFeed(bootstrapServers)) {
            unit(producer, "a1", "prov-a", "org-a", "Sjukhus A", "PUBLIC");
            unit(producer, "a2", "prov-a", "org-a", "Sjukhus A", "PUBLIC");
            unit(producer, "b1", "prov-b", "org-b", "Klinik B", "PRIVATE");
            producer.flush();
            ProviderFeed.awaitUnitsKnown(streams, "a1", "a2", "b1");

            // a1: 4 first visits a month all year (48), and 2 in the week of 19 May.
            for (int month = 1; month <= 12; month++) {
                plan(producer, "a1", "first_visits", "TARGET", "MONTH", String.format("2025-%02d-01", month), 4);
            }
            plan(producer, "a1", "first_visits", "TARGET", "WEEK", "2025-05-19", 2);
            plan(producer, "a2", "first_visits", "TARGET", "MONTH", "2025-01-01", 2);
            plan(producer, "b1", "first_visits", "TARGET", "MONTH", "2025-01-01", 3);
            plan(producer, "b1", "first_visits", "TARGET", "MONTH", "2025-05-01", 3);
            plan(producer, "a1", "occupancy_rate", "CAPACITY_FORECAST", "MONTH", "2025-01-01", 0.8);
            plan(producer, "a2", "occupancy_rate", "CAPACITY_FORECAST", "MONTH", "2025-01-01", 0.6);

            visits(producer, "a1", "prov-a", "2025-01-08T10:00:00+01:00", 3);
            visits(producer, "a1", "prov-a", "2025-02-12T10:00:00+01:00", 2);
            visits(producer, "a1", "prov-a", "2025-05-20T10:00:00+02:00", 1);
            visits(producer, "a2", "prov-a", "2025-01-09T10:00:00+01:00", 1);
            visits(producer, "b1", "prov-b", "2025-01-15T10:00:00+01:00", 4);
            visits(producer, "b1", "prov-b", "2025-05-27T10:00:00+02:00", 2);
            census(producer, "a1", "2025-01-08T07:00:00+01:00", 10, 9);
            census(producer, "a2", "2025-01-08T07:00:00+01:00", 30, 15);
            producer.flush();
        }
        // 13 first visits in months; 18 plan rows (a1: 12 months, 1 week, 1 occupancy; a2: 2; b1: 2).
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                "13".equals(query("SELECT sum(value)::int FROM pks.measure_value WHERE granularity = 'MONTH'"
                        + " AND measure = 'first_visits'"))
                        && "18".equals(query("SELECT count(*) FROM pks.deviation")));

        final Map<String, String> unit = rows("""
                SELECT period_kind || ' ' || period_start, actual, expected, deviation, deviation_pct, status
                FROM pks.period_deviation
                WHERE unit_id = 'a1' AND measure = 'first_visits' AND plan_kind = 'TARGET'
                  AND period_start IN ('2025-01-01', '2025-05-01', '2025-05-19', '2024-06-01', '2025-05-05')""");
        // January: 3 against 4. The week of 19 May: 1 against its weekly plan of 2.
        assertEquals("3.00 4.00 -1.00 -25.00 RED", unit.get("MONTH 2025-01-01"));
        assertEquals("1.00 2.00 -1.00 -50.00 RED", unit.get("WEEK 2025-05-19"));
        // May takes its monthly plan, not the weekly one: 1 against 4.
        assertEquals("1.00 4.00 -3.00 -75.00 RED", unit.get("MONTH 2025-05-01"));
        // Jan-Apr: 3 + 2 = 5 against four months of 4 = 16. May-Aug: 1 against 16 (a partial actual, whole plan).
        assertEquals("5.00 16.00 -11.00 -68.75 RED", unit.get("TERTIAL 2025-01-01"));
        assertEquals("1.00 16.00 -15.00 -93.75 RED", unit.get("TERTIAL 2025-05-01"));
        // The year: 6 against 48. Year to date on 31 May: 6 against the plan up to now, Jan-May = 20, not 48.
        assertEquals("6.00 48.00 -42.00 -87.50 RED", unit.get("YEAR 2025-01-01"));
        assertEquals("6.00 20.00 -14.00 -70.00 RED", unit.get("YEAR_TO_DATE 2025-01-01"));
        // June 2024 - May 2025: the same plans and figures.
        assertEquals("6.00 20.00 -14.00 -70.00 RED", unit.get("ROLLING_12_MONTHS 2024-06-01"));
        // Four weeks from 5 May (to Saturday 31 May): weekly plans only, 2; one visit.
        assertEquals("1.00 2.00 -1.00 -50.00 RED", unit.get("ROLLING_4_WEEKS 2025-05-05"));

        final Map<String, String> rollups = rows("""
                SELECT level || ' ' || group_id || ' ' || period_kind, actual, expected, deviation, deviation_pct, status
                FROM pks.rollup_deviation
                WHERE measure = 'first_visits' AND plan_kind = 'TARGET'
                  AND (period_kind = 'MONTH' AND period_start = '2025-01-01'
                       OR period_kind IN ('TERTIAL', 'YEAR_TO_DATE') AND period_start = '2025-01-01')""");
        // January: org-a = a1 3 + a2 1 = 4 against 4 + 2 = 6; org-b = b1 4 against 3; the region 8 against 9.
        assertEquals("4.00 6.00 -2.00 -33.33 RED", rollups.get("ORGANISATION org-a MONTH"));
        assertEquals("4.00 3.00 1.00 33.33 GREEN", rollups.get("ORGANISATION org-b MONTH"));
        assertEquals("8.00 9.00 -1.00 -11.11 RED", rollups.get("REGION r MONTH"));
        assertEquals("4.00 6.00 -2.00 -33.33 RED", rollups.get("OWNERSHIP PUBLIC MONTH"));
        assertEquals("4.00 3.00 1.00 33.33 GREEN", rollups.get("OWNERSHIP PRIVATE MONTH"));
        // Jan-Apr for the region: a1 5 of 16, a2 1 of 2, b1 4 of 3: 10 against 21.
        assertEquals("10.00 21.00 -11.00 -52.38 RED", rollups.get("REGION r TERTIAL"));
        // Year to date: a1 6 of 20, a2 1 of 2, b1 6 of 6 (January and May): 13 against 28.
        assertEquals("13.00 28.00 -15.00 -53.57 RED", rollups.get("REGION r YEAR_TO_DATE"));

        // Occupancy of the hospital in January is its occupied beds over its staffed beds, (9 + 15) / (10 + 30) =
        // 0.60, not the mean of the wards' rates (0.9 + 0.5) / 2 = 0.70. Its planned rate weights the wards' plans by
        // their staffed beds: (0.8 * 10 + 0.6 * 30) / 40 = 0.65.
        assertEquals("0.60 0.65 -0.05 -7.69 NONE", rows("""
                SELECT level, actual, expected, deviation, deviation_pct, status FROM pks.rollup_deviation
                WHERE level = 'ORGANISATION' AND group_id = 'org-a' AND measure = 'occupancy_rate'
                  AND period_kind = 'MONTH' AND period_start = '2025-01-01'""").get("ORGANISATION"));
        // Capacity use of ward a1 in January: 0.9 occupied of a planned 0.8 = 1.125.
        assertEquals("0.90 0.80 1.13", rows("""
                SELECT unit_id, actual, planned_capacity, utilisation FROM pks.capacity_utilisation
                WHERE unit_id = 'a1' AND period_kind = 'MONTH' AND period_start = '2025-01-01'""").get("a1"));

        // a1 is expected to send a census every day; its only census is on 8 January, so from the 9th on every day
        // is missing data (as of 31 May), and its January figures built on bed occupancy say so. a2 has no
        // expected reporting and stays complete.
        execute("INSERT INTO pks.expected_reporting (unit_id, feed, cadence) VALUES ('a1', 'BED_OCCUPANCY', 'DAILY')");
        assertEquals("2025-01-09 2025-05-30 142.00", rows("""
                SELECT unit_id, min(period_start), max(period_start), count(*) FROM pks.missing_data
                WHERE unit_id = 'a1' AND feed = 'BED_OCCUPANCY' GROUP BY unit_id""").get("a1"));
        final Map<String, String> quality = rows("""
                SELECT unit_id || ' ' || measure, incomplete FROM pks.deviation_quality
                WHERE granularity = 'MONTH' AND period_start = '2025-01-01'
                  AND measure IN ('occupancy_rate', 'first_visits') AND unit_id IN ('a1', 'a2')""");
        assertEquals("true", quality.get("a1 occupancy_rate"));
        assertEquals("false", quality.get("a1 first_visits"));
        assertEquals("false", quality.get("a2 occupancy_rate"));
    }

    private void execute(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }


    /** Rows keyed by their first column, the other columns formatted with two decimals, as of 31 May 2025. */
    private Map<String, String> rows(final String sql) throws SQLException {
        final Map<String, String> rows = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET pks.as_of = '2025-05-31'");
            try (ResultSet result = statement.executeQuery(sql)) {
                final int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    final StringBuilder row = new StringBuilder();
                    for (int column = 2; column <= columns; column++) {
                        final Object value = result.getObject(column);
                        row.append(column > 2 ? " " : "").append(value instanceof Number number
                                ? String.format(Locale.ROOT, "%.2f", number.doubleValue()) : value);
                    }
                    rows.put(result.getString(1), row.toString());
                }
            }
            statement.execute("RESET pks.as_of");
        }
        return rows;
    }

    private String query(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }


    private static void send(final ProviderFeed producer, final String topic, final String key,
                             final String value) {
        producer.send(topic, key, value, RECEIVED);
    }

    private static void unit(final ProviderFeed producer, final String unitId, final String provider,
                             final String organisation, final String organisationName, final String ownership) {
        producer.unit(unitId, provider, organisation, organisationName, ownership, "r", RECEIVED);
    }

    private static void plan(final ProviderFeed producer, final String unit, final String measure,
                             final String kind, final String granularity, final String periodStart,
                             final double value) {
        producer.plan(unit, measure, kind, granularity, periodStart, value, RECEIVED);
    }

    private static int eventCounter;

    private static void visits(final ProviderFeed producer, final String unit, final String provider,
                               final String occurredAt, final int count) {
        for (int i = 0; i < count; i++) {
            send(producer, Topics.VISITS.name(), unit, """
                    {"eventId":"v%d","providerId":"%s","unitId":"%s","occurredAt":"%s","visitType":"FIRST"}"""
                    .formatted(++eventCounter, provider, unit, occurredAt));
        }
    }

    private static void census(final ProviderFeed producer, final String unit,
                               final String occurredAt, final int staffed, final int occupied) {
        send(producer, Topics.BED_OCCUPANCY.name(), unit, """
                {"eventId":"c%d","providerId":"prov-a","unitId":"%s","occurredAt":"%s","type":"CENSUS",\
                "staffedBeds":%d,"occupiedBeds":%d}""".formatted(++eventCounter, unit, occurredAt, staffed, occupied));
    }
}
