package se.pks.stream;

import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A round of background work repeated on a thread of its own, a fixed pause after each round. A failed round is
 * counted in a {@link FailureStreak} and tried again after the pause: the rounds work from stored state, so nothing
 * is lost by trying again.
 */
public final class PeriodicTask {

    /** One round of the work. */
    @FunctionalInterface
    public interface Round {
        void run() throws SQLException;
    }

    private final Round round;
    private final Duration pause;
    private final FailureStreak failures;
    private final Thread thread;
    private volatile boolean running = true;

    private PeriodicTask(final String threadName, final Logger log, final String task, final Duration pause,
                         final Round round) {
        this.round = round;
        this.pause = pause;
        this.failures = new FailureStreak(log, task);
        this.thread = Thread.ofPlatform().name(threadName).unstarted(this::run);
    }

    /** @param task what runs, as it should read in the log: "Alert round" */
    public static PeriodicTask start(final String threadName, final Logger log, final String task,
                                     final Duration pause, final Round round) {
        final PeriodicTask periodic = new PeriodicTask(threadName, log, task, pause, round);
        periodic.thread.start();
        return periodic;
    }

    /** Ends the current pause at once; a round in progress is interrupted and the thread given 10 s to end. */
    public void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(Duration.ofSeconds(10));
    }

    private void run() {
        while (running) {
            try {
                round.run();
                failures.succeeded();
            } catch (final SQLException | RuntimeException e) {
                failures.failed(e, "trying again in " + pause);
            }
            try {
                Thread.sleep(pause);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
