package se.pks.stream.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Each run's broker, database, state directories and service logs under {@code target/reliability/<run>}. */
final class WorkDirs {

    private WorkDirs() {
    }

    static Path fresh(final String run) throws IOException {
        final Path dir = Path.of("target", "reliability", run).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** The machine is shared: every timing is reported with the load it was taken under. */
    static String loadAverage() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (final IOException e) {
            return "unknown";
        }
    }
}
