package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.PksConfig;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * The refresher leaves the requests alone while the sink catches up, and handles all of them, not only a round's
 * worth, once it has caught up.
 */
class DerivedFiguresPauseTest extends MigratedDatabaseTest {

    private final AtomicBoolean sinkBehind = new AtomicBoolean();
    private final DerivedFiguresRefresher refresher = new DerivedFiguresRefresher();

    @BeforeEach
    void sixHundredSeriesWaitForTheirCharts() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE pks.refresh_request");
            statement.execute("INSERT INTO pks.refresh_request (kind, unit_id, measure)"
                    + " SELECT 'SERIES', 'u' || n, 'first_visits' FROM generate_series(1, 600) n");
        }
        refresher.dataSource = dataSource();
        refresher.config = new SmallRyeConfigBuilder().addDefaultInterceptors().withMapping(PksConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("quarkus.kafka-streams.application-id", "pks-test"),
                        "test", 300))
                .build().getConfigMapping(PksConfig.class);
        refresher.sink = new DatabaseSink() {
            @Override
            public boolean catchingUp() {
                return sinkBehind.get();
            }
        };
    }

    @Test
    void requestsWaitWhileTheSinkCatchesUpAndAreAllHandledOnceItHas() throws SQLException {
        sinkBehind.set(true);
        refresher.refreshAllOnceCaughtUp();
        assertEquals(600, pending());

        sinkBehind.set(false);
        refresher.refreshAllOnceCaughtUp();
        assertEquals(0, pending());
    }

    @Test
    void whileTheSinkIsBehindRoundsTakeAtMostATwentiethOfTheTime() {
        assertEquals(Duration.ofMinutes(1).toNanos(), DerivedFiguresRefresher.pauseWhileBehind(0),
                "a quick round: the next one a minute later");
        assertEquals(Duration.ofMinutes(1).toNanos(),
                DerivedFiguresRefresher.pauseWhileBehind(Duration.ofSeconds(3).toNanos()), "3 s x 20 = 1 minute");
        assertEquals(Duration.ofMinutes(5).toNanos(),
                DerivedFiguresRefresher.pauseWhileBehind(Duration.ofSeconds(15).toNanos()), "15 s x 20 = 5 minutes");
    }

    @Test
    void aRoundWritesTheNationalHolidaysFrom2000ToFiveYearsAhead() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE pks.day_off");
        }
        refresher.refreshPending(LocalDate.of(2025, 3, 1));
        // from New Year's Day 2000 to New Year's Eve 2030; Good Friday 2030 is 19 April (Easter 21 April 2030)
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT min(day) || ' ' || max(day) || ' ' || "
                     + "(SELECT name FROM pks.day_off WHERE day = '2030-04-19') FROM pks.day_off WHERE region_id = '*'")) {
            result.next();
            assertEquals("2000-01-01 2030-12-31 Good Friday", result.getString(1));
        }
    }

    private long pending() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM pks.refresh_request")) {
            result.next();
            return result.getLong(1);
        }
    }
}
