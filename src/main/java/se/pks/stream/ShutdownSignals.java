package se.pks.stream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGINT (Ctrl-C) and SIGTERM (Kubernetes, docker stop) start an orderly shutdown with exit status 0, bounded in
 * time. The JVM's own handlers exit with 130 or 143, although the shutdown was asked for and went as planned, and
 * ignore a second signal while the shutdown hooks run: someone pressing Ctrl-C again would wait for nothing.
 *
 * <ul>
 *   <li>the first signal runs the shutdown hooks (Quarkus' stop, then the local run's servers) and exits with 0;</li>
 *   <li>a second signal halts at once, with 128 + its number as a shell would report it;</li>
 *   <li>a shutdown still running at the limit is halted with status 1, after one line saying so.</li>
 * </ul>
 */
public final class ShutdownSignals {

    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private ShutdownSignals() {
    }

    /** @param limit the longest an orderly shutdown may take before the process is halted */
    public static void install(final Duration limit) {
        for (final String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> handle(signal, limit));
        }
    }

    /** Runs on a new thread per signal, so the first one may block in {@link System#exit} while a second arrives. */
    private static void handle(final Signal signal, final Duration limit) {
        if (!STOPPING.compareAndSet(false, true)) {
            System.err.println("Second SIG" + signal.getName() + ": stopping at once");
            Runtime.getRuntime().halt(128 + signal.getNumber());
        }
        Thread.ofPlatform().daemon().name("pks-shutdown-limit").start(() -> haltAfter(limit));
        System.exit(0);
    }

    private static void haltAfter(final Duration limit) {
        try {
            Thread.sleep(limit);
        } catch (final InterruptedException e) {
            return;
        }
        System.err.println("Shutdown still running after " + limit + ": stopping at once");
        Runtime.getRuntime().halt(1);
    }
}
