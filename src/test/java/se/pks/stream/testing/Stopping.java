package se.pks.stream.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the shutdown tests measure of a process: how long it takes to stop, and what it logs meanwhile. */
public final class Stopping {

    private Stopping() {
    }

    /** SIGTERM, then the time until the process has exited; SIGKILL and a failure if it is still up after the limit. */
    public static Duration terminateWithin(final Process process, final String name, final Duration limit)
            throws InterruptedException {
        final long sent = System.nanoTime();
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(name + " was still running " + limit + " after SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - sent);
    }

    /** The log's lines from {@code offset} (a byte position taken earlier with {@link #size}) on. */
    public static List<String> linesFrom(final Path log, final long offset) throws IOException {
        final byte[] all = Files.readAllBytes(log);
        return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8).lines().toList();
    }

    public static long size(final Path log) throws IOException {
        return Files.size(log);
    }

    /** Lines at level ERROR, and the lines of stack traces ("\tat ..." and "Caused by: ..."). */
    public static List<String> errorsAndStackTraces(final List<String> lines) {
        return lines.stream()
                .filter(line -> line.matches("^\\S+ \\S+ ERROR .*") || line.startsWith("\tat ")
                        || line.startsWith("Caused by: "))
                .toList();
    }
}
