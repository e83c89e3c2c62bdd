package se.pks.stream.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import se.pks.stream.PeriodicTask;
import se.pks.stream.PksConfig;

/**
 * Runs the alert evaluation and the publication of alert changes every {@code pks.alerts.evaluation-interval}, on a
 * thread of its own: the figures it reads are written by the sink, and alerts lag them by at most one interval.
 * Also keeps the {@code pks_alerts{state}} gauge and the alert-noise gauges ({@link AlertNoise}).
 */
@ApplicationScoped
public class AlertRounds {

    private static final Logger LOG = Logger.getLogger(AlertRounds.class);

    @Inject
    AlertEvaluator evaluator;

    @Inject
    AlertPublisher publisher;

    @Inject
    AlertCalendar calendar;

    @Inject
    PipelineProgress pipeline;

    @Inject
    DataSource dataSource;

    @Inject
    PksConfig config;

    @Inject
    MeterRegistry registry;

    private final Map<AlertState, AtomicLong> byState = new EnumMap<>(AlertState.class);
    private AlertNoise noise;
    private PeriodicTask rounds;

    void onStart(@Observes final StartupEvent event) {
        for (final AlertState state : AlertState.values()) {
            final AtomicLong count = new AtomicLong();
            byState.put(state, count);
            Gauge.builder("pks_alerts", count, AtomicLong::get).tag("state", state.name())
                    .description("Alerts per lifecycle state").register(registry);
        }
        noise = new AlertNoise(registry);
        if (!config.alerts().enabled()) {
            return;
        }
        // A failed round is tried again next round: it starts from the stored state, so nothing is lost.
        rounds = PeriodicTask.start("pks-alert-rounds", LOG, "Alert round", config.alerts().evaluationInterval(),
                this::round);
    }

    /** The rounds, for the shutdown ({@link se.pks.stream.ShutdownSequence}); empty when switched off. */
    public Optional<PeriodicTask> rounds() {
        return Optional.ofNullable(rounds);
    }

    private void round() throws SQLException {
        if (pipeline.caughtUp()) {
            evaluate();
        } else {
            // Judged later, once the backlog is counted: nothing is lost by waiting a round.
            LOG.debug("Alert evaluation waits: the stream or the sink is still working off a backlog");
        }
        while (publisher.publishPending() > 0) {
            // drain a backlog before the next round
        }
        countByState();
    }

    private void evaluate() throws SQLException {
        final long started = System.nanoTime();
        final LocalDate today = calendar.today();
        final Map<AlertDecision.Kind, Integer> taken = evaluator.evaluate(today);
        if (config.alerts().weeklyDigest()) {
            writeDigests(today);
        }
        if (taken.keySet().stream().anyMatch(kind -> kind != AlertDecision.Kind.NONE
                && kind != AlertDecision.Kind.UPDATE)) {
            LOG.infof("Alert round: %s in %d ms", taken, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The digests of the week that ended, once per recipient: later rounds of the week find them written. */
    private void writeDigests(final LocalDate today) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                final int written = new WeeklyDigests(config.region().timeZone().getId())
                        .write(connection, EvaluationWindow.asOf(today).latestWeek(), today, Instant.now());
                connection.commit();
                if (written > 0) {
                    LOG.infof("Weekly digests written: %d", written);
                }
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void countByState() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT state, count(*) FROM pks.alert GROUP BY state")) {
            byState.values().forEach(count -> count.set(0));
            while (row.next()) {
                byState.get(AlertState.valueOf(row.getString(1))).set(row.getLong(2));
            }
            noise.refresh(connection);
        }
    }
}
