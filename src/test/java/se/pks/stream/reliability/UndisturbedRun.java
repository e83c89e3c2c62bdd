package se.pks.stream.reliability;

import java.nio.file.Path;
import java.time.Duration;
import se.pks.stream.testing.Machine;
import se.pks.stream.testing.PackagedService;

/**
 * The reference the reliability tests compare with: the dataset processed by one service instance that nobody
 * disturbs. Computed once per test JVM and shared, since Failsafe runs every reliability test in the same JVM.
 */
final class UndisturbedRun {

    private static final String APPLICATION_ID = "pks-undisturbed";
    private static Result result;

    private UndisturbedRun() {
    }

    static synchronized Result result() throws Exception {
        if (result == null) {
            result = run();
        }
        return result;
    }

    private static Result run() throws Exception {
        final Path dir = WorkDirs.fresh("undisturbed");
        final Dataset dataset = Dataset.get();
        try (Cluster cluster = Cluster.start(dir, APPLICATION_ID)) {
            dataset.produceAll(cluster.bootstrap());
            final long started = System.nanoTime();
            final PackagedService service =
                    cluster.instance(APPLICATION_ID, dir.resolve("state"), 0, dir).start(APPLICATION_ID);
            try (RunWatch watch = new RunWatch(cluster, APPLICATION_ID, dataset.eventCount())) {
                final Progress settled = watch.awaitSettled(RunWatch.SETTLE_LIMIT, service::isAlive);
                final Duration took = Duration.ofNanos(System.nanoTime() - started);
                final FiguresSnapshot figures = FiguresSnapshot.take(cluster.jdbcUrl());
                System.out.printf("Dataset: %s%nUndisturbed run: %s in %.1f s (load average %s)%n",
                        dataset.describe(), settled, took.toMillis() / 1000.0, Machine.loadAverage());
                return new Result(figures, took);
            } finally {
                service.terminate();
            }
        }
    }

    /** @param took from the service's launch until every figure was stored (including the quiet polls) */
    record Result(FiguresSnapshot figures, Duration took) {
    }
}
