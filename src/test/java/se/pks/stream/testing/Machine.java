package se.pks.stream.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the slow tests, the benchmark and the soak need from the machine they run on. The machines are shared: a
 * wall-clock figure means little without the load it was taken under.
 */
public final class Machine {

    private Machine() {
    }

    /** The 1, 5 and 15-minute load averages, e.g. {@code "2.10 1.85 1.60"}, or "unknown" off Linux. */
    public static String loadAverage() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (final IOException e) {
            return "unknown";
        }
    }

    /** An environment variable of a run script ({@code ./pks-bench}, {@code ./pks-soak}), or the fallback. */
    public static String setting(final String name, final String fallback) {
        final String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** An empty directory at {@code dir}: whatever a previous run left there is deleted first. */
    public static Path emptyDirectory(final Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
