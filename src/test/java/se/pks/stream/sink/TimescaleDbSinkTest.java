package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static se.pks.stream.storage.TimescaleDb.text;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.PlanKind;
import se.pks.stream.storage.TimescaleDb;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topic;

/**
 * The sink's own writes on a real TimescaleDB, as the service's login, into a year that the compression policy has
 * compressed (V22; docs/timescaledb.md): a late correction, a late new figure and a deleted one land through the same
 * INSERT ... ON CONFLICT DO UPDATE and DELETE as on plain PostgreSQL, an unchanged figure keeps its updated_at, and
 * the policy's next run compresses the chunk again with the corrected rows. Skipped without
 * {@value TimescaleDb#URL}.
 */
class TimescaleDbSinkTest {

    private static final OutputTopics OUTPUTS = OutputTopics.of("pks-tsdb-test");
    private static TimescaleDb database;

    @BeforeAll
    static void givenATimescaleDbWithFourYearsOfFiguresTheOldestCompressed() throws SQLException {
        database = TimescaleDb.fromEnvironment();
        if (database == null) {
            return;
        }
        database.wipe();
        database.migrate();
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            TimescaleDb.holdTheScheduler(statement);
            TimescaleDb.fourYearsOfFigures(statement);
            TimescaleDb.compressAsThePolicyDoes(statement);
        }
    }

    @BeforeEach
    void given() {
        TimescaleDb.assumeGiven(database);
    }

    @Test
    void lateCorrectionsIntoACompressedYearLandThroughTheSinksUpserts() throws SQLException {
        final LocalDate week;
        final String chunk;
        final String before;
        final String untouchedUpdatedAt;
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            week = LocalDate.parse(text(statement, "SELECT min(period_start) FROM pks.measure_value"));
            chunk = chunkOf(statement, week);
            assertEquals("1", chunkStatus(statement, chunk), "the oldest week's chunk is compressed");
            before = text(statement, "SELECT count(*) FROM pks.measure_value");
            untouchedUpdatedAt = text(statement, "SELECT updated_at FROM pks.measure_value WHERE period_start = '"
                    + week + "' AND unit_id = 'tsdb-bb-mott'");
        }
        final LocalDate nextWeek = week.plusWeeks(1);
        final MeasureValue corrected = MeasureValue.count(Granularity.WEEK, week, "tsdb-a-mott", "first_visits", 99);
        final MeasureValue unchanged = MeasureValue.count(Granularity.WEEK, week, "tsdb-bb-mott", "first_visits",
                unchangedValue(week, "tsdb-bb-mott"));
        final MeasureValue late = MeasureValue.count(Granularity.WEEK, week, "tsdb-late-mott", "first_visits", 5);
        final MeasureValue gone = MeasureValue.count(Granularity.WEEK, nextWeek, "tsdb-bb-mott", "first_visits", 0);
        final Deviation deviation = new Deviation(Granularity.WEEK, week, "tsdb-a-mott", "first_visits",
                PlanKind.TARGET, 99.0, 40.0, 59.0, 147.5);
        try (Connection service = database.service()) {
            service.setAutoCommit(false);
            final MeasureValueMirror values = new MeasureValueMirror(OUTPUTS.measureValues());
            // one batch, as the sink writes them: the service's login, one transaction
            values.write(service, List.of(record(OUTPUTS.measureValues(), corrected.key(), corrected),
                    record(OUTPUTS.measureValues(), unchanged.key(), unchanged),
                    record(OUTPUTS.measureValues(), late.key(), late),
                    record(OUTPUTS.measureValues(), gone.key(), null)));
            new DeviationMirror(OUTPUTS.deviations()).write(service,
                    List.of(record(OUTPUTS.deviations(), deviation.key(), deviation)));
            service.commit();
        }
        try (Connection connection = database.owner(); Statement statement = connection.createStatement()) {
            assertLanded(statement, week, nextWeek, before, untouchedUpdatedAt);
            assertEquals("9", chunkStatus(statement, chunk), "compressed, and partially: the corrected batch is out");
            TimescaleDb.compressAsThePolicyDoes(statement);
            assertEquals("1", chunkStatus(statement, chunk), "compressed again by the policy's next run");
            assertLanded(statement, week, nextWeek, before, untouchedUpdatedAt);
        }
    }

    private static void assertLanded(final Statement statement, final LocalDate week, final LocalDate nextWeek,
                                     final String before, final String untouchedUpdatedAt) throws SQLException {
        assertEquals("99", text(statement, value(week, "tsdb-a-mott")));
        assertEquals("5", text(statement, value(week, "tsdb-late-mott")));
        assertEquals("0", text(statement, "SELECT count(*) FROM pks.measure_value WHERE period_start = '"
                + nextWeek + "' AND unit_id = 'tsdb-bb-mott'"));
        // one row in, one out
        assertEquals(before, text(statement, "SELECT count(*) FROM pks.measure_value"));
        assertEquals(untouchedUpdatedAt, text(statement, "SELECT updated_at FROM pks.measure_value"
                + " WHERE period_start = '" + week + "' AND unit_id = 'tsdb-bb-mott'"));
        assertEquals("99 40 59 147.5", text(statement, "SELECT concat_ws(' ', actual, expected, deviation,"
                + " deviation_pct) FROM pks.deviation WHERE period_start = '" + week + "' AND unit_id = 'tsdb-a-mott'"));
        assertEquals("40", text(statement, "SELECT value FROM pks.plan WHERE period_start = '" + week
                + "' AND unit_id = 'tsdb-a-mott'"));
        // each unit's usual weekly level (V28) follows writes into compressed chunks too: the late unit's one week
        // (median 5, MAD 0), the corrected unit's median of its weeks as they now are, and the unit whose week was
        // deleted counts one week fewer (no low-production weeks here, so every week is a normal one)
        assertEquals("5 0 1", text(statement, spread("tsdb-late-mott", "concat_ws(' ', median, mad, weeks)")));
        assertEquals(text(statement, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY value) FROM pks.measure_value"
                        + " WHERE granularity = 'WEEK' AND unit_id = 'tsdb-a-mott' AND measure = 'first_visits'"),
                text(statement, spread("tsdb-a-mott", "median")));
        assertEquals(text(statement, "SELECT count(*) FROM pks.measure_value WHERE granularity = 'WEEK'"
                        + " AND unit_id = 'tsdb-bb-mott' AND measure = 'first_visits'"),
                text(statement, spread("tsdb-bb-mott", "weeks")));
    }

    private static String spread(final String unit, final String columns) {
        return "SELECT " + columns + " FROM pks.weekly_spread WHERE unit_id = '" + unit
                + "' AND measure = 'first_visits'";
    }

    /** The value TimescaleDb.fourYearsOfFigures gives a week: its ISO week number plus the length of the unit id. */
    private static double unchangedValue(final LocalDate week, final String unit) {
        return week.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + unit.length();
    }

    private static String value(final LocalDate week, final String unit) {
        return "SELECT value FROM pks.measure_value WHERE granularity = 'WEEK' AND period_start = '" + week
                + "' AND unit_id = '" + unit + "' AND measure = 'first_visits'";
    }

    private static String chunkOf(final Statement statement, final LocalDate day) throws SQLException {
        return text(statement, "SELECT chunk_name FROM timescaledb_information.chunks"
                + " WHERE hypertable_schema = 'pks' AND hypertable_name = 'measure_value'"
                + " AND range_start <= ('" + day + "'::timestamp AT TIME ZONE 'UTC')"
                + " AND range_end > ('" + day + "'::timestamp AT TIME ZONE 'UTC')");
    }

    /** TimescaleDB's status bits of a chunk: 1 compressed, 8 partially (rows outside the compressed batches). */
    private static String chunkStatus(final Statement statement, final String chunk) throws SQLException {
        return text(statement, "SELECT status FROM _timescaledb_catalog.chunk WHERE table_name = '" + chunk + "'");
    }

    private static <V> ConsumerRecord<String, byte[]> record(final Topic<String, V> topic, final String key,
                                                             final V value) {
        final byte[] bytes = value == null ? null : topic.valueSerde().serializer().serialize(topic.name(), value);
        return new ConsumerRecord<>(topic.name(), 0, 0, key, bytes);
    }
}
