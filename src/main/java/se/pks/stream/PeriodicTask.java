package se.pks.stream;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A round of background work repeated on a thread of its own, a fixed pause after each round. A failed round is
 * counted in a {@link FailureStreak} and tried again after the pause: the rounds work from stored state, so nothing
 * is lost by trying again.
 *
 * <p>At shutdown ({@link #stopAll}) a round in progress may finish: interrupted mid-round, the database driver and the
 * Kafka producer throw, and the round would report a failure that is none. Only a round that overruns the grace is
 * interrupted, and its end is logged as abandoned, not as a failure; its work is redone after the restart.
 */
public final class PeriodicTask {

    /** One round of the work. */
    @FunctionalInterface
    public interface Round {
        void run() throws SQLException;
    }

    private final Round round;
    private final Duration pause;
    private final Logger log;
    private final String task;
    private final FailureStreak failures;
    private final Thread thread;
    /** Guards {@link #running}'s changes and carries the pause, so that a stop ends a pause without an interrupt. */
    private final Object pauseLock = new Object();
    private volatile boolean running = true;

    private PeriodicTask(final String threadName, final Logger log, final String task, final Duration pause,
                         final Round round) {
        this.round = round;
        this.pause = pause;
        this.log = log;
        this.task = task;
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

    /**
     * Stops the tasks together: no new round starts, pauses end at once, and rounds in progress get {@code grace}
     * (shared, not each) to finish before they are interrupted. Returns when every thread has ended, or a second after
     * the grace if one ignores its interrupt.
     */
    public static void stopAll(final List<PeriodicTask> tasks, final Duration grace) throws InterruptedException {
        tasks.forEach(PeriodicTask::stopStarting);
        final long deadline = System.nanoTime() + grace.toNanos();
        for (final PeriodicTask task : tasks) {
            task.thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        for (final PeriodicTask task : tasks) {
            task.thread.interrupt();
        }
        for (final PeriodicTask task : tasks) {
            task.thread.join(Duration.ofSeconds(1));
        }
    }

    private void stopStarting() {
        synchronized (pauseLock) {
            running = false;
            pauseLock.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                round.run();
                failures.succeeded();
            } catch (final SQLException | RuntimeException e) {
                if (running) {
                    failures.failed(e, "trying again in " + pause);
                } else {
                    log.infof("%s abandoned at shutdown (%s); it is done again after the restart", task,
                            FailureStreak.innermostMessage(e));
                }
            }
            try {
                pause();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void pause() throws InterruptedException {
        final long until = System.nanoTime() + pause.toNanos();
        synchronized (pauseLock) {
            for (long left = until - System.nanoTime(); running && left > 0; left = until - System.nanoTime()) {
                pauseLock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
