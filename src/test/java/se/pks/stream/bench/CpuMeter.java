package se.pks.stream.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import se.pks.stream.testing.PackagedService;

/**
 * CPU time (user + system) of everything a replay runs on, not only the service: the service's JVM, the harness's
 * JVM (which hosts the embedded Kafka broker, so a replay's broker work lands here, beside the harness's own polls)
 * and PostgreSQL (a postmaster and its backends, child processes). On a shared machine CPU time is the figure that
 * compares two versions; counting only the service would hide work moved into the broker or the database.
 */
final class CpuMeter {

    /** Linux's clock ticks per second of /proc/<pid>/stat (USER_HZ), 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final PackagedService service;
    private final Path postgresDataDir;

    CpuMeter(final PackagedService service, final Path postgresDataDir) {
        this.service = service;
        this.postgresDataDir = postgresDataDir;
    }

    Snapshot now() {
        final OperatingSystemMXBean harness = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Snapshot(service.cpuTime().toNanos() / 1e9, harness.getProcessCpuTime() / 1e9, postgresSeconds());
    }

    /** The CPU each part used since {@code from}. */
    Usage since(final Snapshot from) {
        final Snapshot to = now();
        return new Usage(to.service() - from.service(), to.harness() - from.harness(),
                to.postgres() - from.postgres());
    }

    /**
     * The postmaster's own time and that of its children that have ended (cutime, cstime: a backend of a closed
     * connection), plus the live children's: found from the pid in the data directory's postmaster.pid.
     */
    private double postgresSeconds() {
        try {
            final long postmaster = Long.parseLong(Files.readAllLines(postgresDataDir.resolve("postmaster.pid"))
                    .getFirst().trim());
            final Optional<ProcessHandle> handle = ProcessHandle.of(postmaster);
            long ticks = ticks(postmaster, true);
            if (handle.isPresent()) {
                ticks += handle.get().descendants().mapToLong(child -> ticks(child.pid(), false)).sum();
            }
            return ticks / TICKS_PER_SECOND;
        } catch (final IOException | RuntimeException e) {
            // not on Linux, or PostgreSQL not running: no figure rather than a wrong one
            return Double.NaN;
        }
    }

    /** utime + stime (fields 14, 15 of /proc/<pid>/stat), with the ended children's (16, 17) if asked; 0 if gone. */
    private static long ticks(final long pid, final boolean withEndedChildren) {
        try {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
            if (withEndedChildren) {
                ticks += Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
            }
            return ticks;
        } catch (final IOException e) {
            // a backend that ended between listing and reading: its time moves to the postmaster's cutime
            return 0;
        }
    }

    /** Cumulative CPU seconds at one moment. */
    record Snapshot(double service, double harness, double postgres) {
    }

    /** CPU seconds used between two moments; NaN for PostgreSQL where /proc could not be read. */
    record Usage(double service, double harness, double postgres) {

        double total() {
            return service + harness + postgres;
        }
    }
}
