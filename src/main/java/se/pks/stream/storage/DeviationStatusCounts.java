package se.pks.stream.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * {@code pks_deviations{status}}: how many units' weekly targets of the last complete week are GREEN, YELLOW, RED or
 * NONE, from {@code pks.deviation_status}. The last complete week rather than the current one, because a week in
 * progress is always behind its whole-week target and would show red every Monday.
 *
 * <p>The count is a database query, so it is cached: every scrape reads the cache, and at most one query per
 * {@link #MAX_AGE} runs, however many Prometheus servers scrape how often. The query runs on the scraping thread,
 * which is a worker thread (Quarkus serves /q/metrics as a blocking route), never an event loop.
 */
public final class DeviationStatusCounts {

    static final Duration MAX_AGE = Duration.ofSeconds(30);
    static final List<String> STATUSES = List.of("GREEN", "YELLOW", "RED", "NONE");

    private static final Logger LOG = Logger.getLogger(DeviationStatusCounts.class);
    private static final String COUNT_BY_STATUS = """
            SELECT status, count(*) FROM pks.deviation_status
            WHERE granularity = 'WEEK' AND plan_kind = 'TARGET' AND period_start = ?
            GROUP BY status""";

    private final DataSource dataSource;
    private final ZoneId zone;
    private final Clock clock;
    private Map<String, Long> counts = Map.of();
    private Instant refreshedAt = Instant.MIN;

    public DeviationStatusCounts(final DataSource dataSource, final ZoneId zone, final Clock clock) {
        this.dataSource = dataSource;
        this.zone = zone;
        this.clock = clock;
    }

    public void bindTo(final MeterRegistry registry) {
        for (final String status : STATUSES) {
            Gauge.builder("pks.deviations", this, counts -> counts.count(status))
                    .description("Weekly TARGET deviations of the last complete week (region time zone), by status")
                    .tag("status", status)
                    // Micrometer holds gauge objects weakly; nothing else keeps this one alive.
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** The Monday of the last complete ISO week in the region's time zone. */
    LocalDate lastCompleteWeek() {
        return LocalDate.now(clock.withZone(zone)).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .minusWeeks(1);
    }

    synchronized long count(final String status) {
        final Instant now = clock.instant();
        if (!now.isBefore(refreshedAt.plus(MAX_AGE))) {
            // Also after a failure: a database outage must not turn every scrape into another attempt.
            refreshedAt = now;
            try {
                counts = query(lastCompleteWeek());
            } catch (final SQLException | RuntimeException e) {
                LOG.warnf("Could not count deviations by status: %s", e.getMessage());
            }
        }
        return counts.getOrDefault(status, 0L);
    }

    private Map<String, Long> query(final LocalDate week) throws SQLException {
        final Map<String, Long> result = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(COUNT_BY_STATUS)) {
            statement.setDate(1, Date.valueOf(week));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return result;
    }
}
