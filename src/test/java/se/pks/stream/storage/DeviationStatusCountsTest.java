package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * pks_deviations{status} against a real PostgreSQL: hand-made weekly deviations go in, the gauges count those of the
 * last complete week by the default thresholds of V2 (first visits and operations: yellow at -5 %, red at -10 % of
 * plan; emergency visits have no threshold, so NONE).
 */
class DeviationStatusCountsTest extends MigratedDatabaseTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-15T10:00:00Z"));
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void resetData() throws SQLException {
        execute("TRUNCATE pks.deviation");
        new DeviationStatusCounts(dataSource(), STOCKHOLM, clock).bindTo(registry);
    }

    @Test
    void countsTheLastCompleteWeeksTargetsByStatusAndQueriesAtMostEveryThirtySeconds() throws SQLException {
        // Wednesday 15 January 2025: the last complete week is the one of Monday 6 January.
        deviation("WEEK", "2025-01-06", "u1", "first_visits", "TARGET", 90, 100);   // -10 %: RED
        deviation("WEEK", "2025-01-06", "u2", "first_visits", "TARGET", 96, 100);   // -4 %: GREEN
        deviation("WEEK", "2025-01-06", "u1", "operations", "TARGET", 47, 50);      // -6 %: YELLOW
        deviation("WEEK", "2025-01-06", "u1", "emergency_visits", "TARGET", 5, 5);  // no threshold: NONE
        // Not counted: the week in progress, a month, a forecast, the week before.
        deviation("WEEK", "2025-01-13", "u2", "operations", "TARGET", 1, 50);
        deviation("MONTH", "2025-01-01", "u1", "first_visits", "TARGET", 1, 400);
        deviation("WEEK", "2025-01-06", "u1", "first_visits", "CAPACITY_FORECAST", 1, 100);
        deviation("WEEK", "2024-12-30", "u2", "first_visits", "TARGET", 1, 100);

        assertEquals(1.0, gauge("RED"));
        assertEquals(1.0, gauge("GREEN"));
        assertEquals(1.0, gauge("YELLOW"));
        assertEquals(1.0, gauge("NONE"));

        // u2 falls to -20 % (RED): within 30 s of the last query the scrape still sees the cached counts ...
        execute("UPDATE pks.deviation SET actual = 80, deviation = -20, deviation_pct = -20 "
                + "WHERE unit_id = 'u2' AND period_start = '2025-01-06' AND plan_kind = 'TARGET'");
        clock.advance(Duration.ofSeconds(29));
        assertEquals(1.0, gauge("RED"));
        assertEquals(1.0, gauge("GREEN"));
        // ... and 30 s after it, the new ones.
        clock.advance(Duration.ofSeconds(1));
        assertEquals(2.0, gauge("RED"));
        assertEquals(0.0, gauge("GREEN"));
    }

    @Test
    void theLastCompleteWeekIsCutAtStockholmMidnight() {
        // Sunday 12 January 23:30 UTC is already Monday 13 January in Stockholm: the week of 6 January is complete.
        clock.set(Instant.parse("2025-01-12T23:30:00Z"));
        assertEquals("2025-01-06", new DeviationStatusCounts(null, STOCKHOLM, clock).lastCompleteWeek().toString());
        clock.set(Instant.parse("2025-01-12T22:30:00Z"));
        assertEquals("2024-12-30", new DeviationStatusCounts(null, STOCKHOLM, clock).lastCompleteWeek().toString());
    }

    private double gauge(final String status) {
        return registry.get("pks.deviations").tag("status", status).gauge().value();
    }

    private void deviation(final String granularity, final String week, final String unit, final String measure,
                           final String planKind, final double actual, final double expected) throws SQLException {
        final double deviation = actual - expected;
        execute(("INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected, "
                + "deviation, deviation_pct) VALUES ('%s', '%s', '%s', '%s', '%s', %s, %s, %s, %s)").formatted(
                granularity, week, unit, measure, planKind, actual, expected, deviation, 100 * deviation / expected));
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(final Instant now) {
            this.now = now;
        }

        void advance(final Duration duration) {
            now = now.plus(duration);
        }

        void set(final Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            // The counts read the clock's instant and its own zone; the view must keep following this clock.
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return zone;
                }

                @Override
                public Clock withZone(final ZoneId other) {
                    return MutableClock.this.withZone(other);
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
