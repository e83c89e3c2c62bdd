package se.pks.stream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a PostgreSQL server left running on a data directory by a JVM that was killed (kill -9, an IDE's hard
 * stop). pg_ctl starts postgres as a daemon, so it outlives such a JVM and keeps the directory locked: the next
 * start would wait ten seconds and fail with nothing but "connection refused".
 */
final class OrphanedPostmaster {

    private static final long SHUTDOWN_SECONDS = 15;

    private OrphanedPostmaster() {
    }

    /** Does nothing unless {@code postmaster.pid} names a live postgres process. */
    static void stopIfRunning(final Path dataDir) {
        final Optional<ProcessHandle> postmaster = readPid(dataDir.resolve("postmaster.pid"))
                .flatMap(ProcessHandle::of)
                .filter(OrphanedPostmaster::isPostgres);
        if (postmaster.isEmpty()) {
            return;
        }
        // SIGTERM is a "smart" shutdown: the killed JVM's sessions are already gone, so it ends promptly and cleanly.
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the orphaned postgres on " + dataDir, e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("An orphaned postgres (pid " + postmaster.get().pid() + ") still runs on "
                    + dataDir + "; stop it by hand", e);
        }
    }

    private static Optional<Long> readPid(final Path pidFile) {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            final List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** After a reboot the pid may belong to an unrelated process, which must not be touched. */
    private static boolean isPostgres(final ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/postgres")).orElse(false);
    }
}
