package se.pks.stream.reliability;

import java.io.IOException;
import java.nio.file.Path;
import se.pks.stream.testing.Machine;

/** Each run's broker, database, state directories and service logs under {@code target/reliability/<run>}. */
final class WorkDirs {

    private WorkDirs() {
    }

    static Path fresh(final String run) throws IOException {
        return Machine.emptyDirectory(Path.of("target", "reliability", run).toAbsolutePath());
    }
}
