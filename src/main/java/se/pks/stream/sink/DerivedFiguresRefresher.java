package se.pks.stream.sink;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import se.pks.stream.PeriodicTask;
import se.pks.stream.PksConfig;
import se.pks.stream.analysis.QueueSettings;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.storage.HolidayRegister;
import se.pks.stream.storage.SpcCharts;

/**
 * Recomputes the SPC charts, year-end projections and queue figures that the sink marked stale, and keeps the national
 * holidays in {@code pks.day_off} written up to {@link #HOLIDAY_YEARS_AHEAD} years ahead. It runs a few seconds
 * apart rather than per batch, so that a burst of late events for one unit recomputes its charts once; each round is
 * written in one transaction, after its requests were claimed ({@link RefreshClaims}).
 *
 * <p>It has a thread of its own. On the sink's thread, between polls, a round over hundreds of changed series held up
 * the writing of the figures themselves: in a soak at 250 events/s it took 62 % of that thread and the sink fell
 * minutes behind. Instances share the requests through {@code FOR UPDATE SKIP LOCKED}.
 *
 * <p>It waits while the sink catches up ({@link DatabaseSink#catchingUp()}): during a replay every batch makes the
 * same series stale again, and recomputing up to 500 of them every 2 s rewrote each chart hundreds of times and took
 * the database from the sink. The requests wait meanwhile in {@code pks.refresh_request}, one row per series however
 * many batches ask for it, and once the sink has caught up they are handled in rounds back to back until none are
 * left. A round still runs while the sink is behind, so that a sink that never catches up (more traffic than it can
 * write) does not leave the charts stale for ever: every {@link #SHORTEST_PAUSE} at most, and never more than a
 * twentieth of the time ({@link #pauseWhileBehind}). A round handles 500 series and each reads its series' history, so
 * a round's cost grows with the region: with a fixed minute between rounds a replay of 210 units spent more CPU in
 * PostgreSQL on these rounds than on the figures (docs/benchmarks.md, factor 0.2).
 */
@ApplicationScoped
public class DerivedFiguresRefresher {

    private static final Logger LOG = Logger.getLogger(DerivedFiguresRefresher.class);
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final int REQUESTS_PER_ROUND = 500;
    /** While the sink is behind, rounds are at least this far apart. */
    private static final Duration SHORTEST_PAUSE = Duration.ofMinutes(1);
    /** While the sink is behind, the pause after a round is at least this many times the round's own duration. */
    private static final int PAUSE_PER_ROUND_TIME = 20;
    /** Plans reach into next year; five years ahead outlasts any deployment between restarts. */
    static final int HOLIDAY_YEARS_AHEAD = 5;

    @Inject
    DataSource dataSource;

    @Inject
    PksConfig config;

    @Inject
    DatabaseSink sink;

    private PeriodicTask rounds;
    /** When the last round ended (System.nanoTime) and how long it took, for {@link #pauseWhileBehind}. */
    private long lastRound = System.nanoTime();
    private long lastRoundTook;
    /** The last year whose holidays this instance has written; a round writes them once, and again at a new year. */
    private int holidaysUpTo;

    /** Runs where the sink runs: the requests come from the sink. */
    void onStart(@Observes final StartupEvent event) {
        if (!config.sink().enabled()) {
            return;
        }
        // A failed round releases its requests, for the next round.
        rounds = PeriodicTask.start("pks-derived-figures", LOG, "Refreshing SPC charts, projections and queues",
                INTERVAL, this::refreshAllOnceCaughtUp);
    }

    /** The rounds, for the shutdown ({@link se.pks.stream.ShutdownSequence}); empty when switched off. */
    public Optional<PeriodicTask> rounds() {
        return Optional.ofNullable(rounds);
    }

    /** One round of the periodic task: nothing while the sink catches up, else rounds until no request is left. */
    void refreshAllOnceCaughtUp() throws SQLException {
        if (sink.catchingUp() && System.nanoTime() - lastRound < pauseWhileBehind(lastRoundTook)) {
            return;
        }
        int handled;
        do {
            final long started = System.nanoTime();
            handled = refreshPending(LocalDate.now(config.region().timeZone()));
            lastRound = System.nanoTime();
            lastRoundTook = lastRound - started;
        } while (handled == REQUESTS_PER_ROUND && !sink.catchingUp() && !Thread.currentThread().isInterrupted());
    }

    /** Nanoseconds to wait, while the sink is behind, after a round that took {@code roundNanos}. */
    static long pauseWhileBehind(final long roundNanos) {
        return Math.max(SHORTEST_PAUSE.toNanos(), PAUSE_PER_ROUND_TIME * roundNanos);
    }

    /**
     * Handles up to a round's worth of pending requests as of {@code today} (weeks that have not ended by then are
     * left out); returns how many were handled.
     */
    int refreshPending(final LocalDate today) throws SQLException {
        final SpcCharts charts = new SpcCharts();
        final Projections projections = new Projections();
        final QueueStatuses queues = new QueueStatuses(QueueSettings.defaults()
                .withLimit(GuaranteeType.FIRST_VISIT, config.guarantee().firstVisitDays())
                .withLimit(GuaranteeType.TREATMENT, config.guarantee().treatmentDays()));
        int handled = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // committed at once: the sink waits for these rows while it notes the same units again
            WeeklySpreads.settle(connection);
            connection.commit();
            final int holidayYear = today.getYear() + HOLIDAY_YEARS_AHEAD;
            if (holidaysUpTo < holidayYear) {
                AuditTrail.name(connection, AuditTrail.Actor.service("holiday-calendar"), null);
                HolidayRegister.store(connection, HolidayRegister.FIRST_YEAR, holidayYear);
            }
            final List<RefreshClaims.Request> claimed = RefreshClaims.claim(connection, REQUESTS_PER_ROUND);
            try {
                for (final RefreshClaims.Request request : claimed) {
                    if (request.kind().equals("SERIES")) {
                        charts.refresh(connection, request.unitId(), request.measure(), today);
                        projections.refresh(connection, request.unitId(), request.measure(), today);
                    } else {
                        queues.refresh(connection, request.unitId(), today);
                    }
                    handled++;
                }
                RefreshClaims.done(connection, claimed);
                connection.commit();
                holidaysUpTo = Math.max(holidaysUpTo, holidayYear);
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                RefreshClaims.release(connection, claimed);
                throw e;
            }
        }
        return handled;
    }
}
