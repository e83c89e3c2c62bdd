package se.pks.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The shutdown of periodic rounds: a round in progress may finish, one that overruns is abandoned, pauses end. */
class PeriodicTaskTest {

    private static final Logger LOG = Logger.getLogger(PeriodicTaskTest.class);
    private static final Duration LONG_PAUSE = Duration.ofHours(1);

    @Test
    void aRoundInProgressFinishesUninterruptedAndNoOtherStarts() throws Exception {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicInteger rounds = new AtomicInteger();
        final PeriodicTask task = PeriodicTask.start("test-finishing", LOG, "Test round", Duration.ZERO, () -> {
            rounds.incrementAndGet();
            started.countDown();
            try {
                Thread.sleep(500);
                finished.set(true);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        PeriodicTask.stopAll(List.of(task), Duration.ofSeconds(5));
        assertTrue(finished.get(), "the round was allowed to finish");
        assertEquals(1, rounds.get(), "no round starts once stopping");
    }

    @Test
    void aRoundThatOverrunsTheGraceIsInterrupted() throws Exception {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final PeriodicTask task = PeriodicTask.start("test-overrunning", LOG, "Test round", LONG_PAUSE, () -> {
            started.countDown();
            try {
                Thread.sleep(LONG_PAUSE);
            } catch (final InterruptedException e) {
                interrupted.set(true);
                throw new IllegalStateException("interrupted", e);
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        final long before = System.nanoTime();
        PeriodicTask.stopAll(List.of(task), Duration.ofMillis(300));
        final Duration took = Duration.ofNanos(System.nanoTime() - before);
        assertTrue(interrupted.get(), "the overrunning round was interrupted");
        assertTrue(took.compareTo(Duration.ofMillis(300)) >= 0 && took.compareTo(Duration.ofSeconds(2)) < 0,
                "stopped after the grace, not before and not much later: " + took);
    }

    @Test
    void pausesEndAtOnce() throws Exception {
        final CountDownLatch paused = new CountDownLatch(2);
        final PeriodicTask first = PeriodicTask.start("test-pausing-1", LOG, "Test round", LONG_PAUSE,
                paused::countDown);
        final PeriodicTask second = PeriodicTask.start("test-pausing-2", LOG, "Test round", LONG_PAUSE,
                paused::countDown);
        assertTrue(paused.await(5, TimeUnit.SECONDS));
        final long before = System.nanoTime();
        PeriodicTask.stopAll(List.of(first, second), Duration.ofSeconds(10));
        final Duration took = Duration.ofNanos(System.nanoTime() - before);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "pauses end without waiting out the grace: " + took);
    }
}
