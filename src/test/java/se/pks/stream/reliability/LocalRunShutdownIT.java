package se.pks.stream.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import se.pks.stream.testing.Stopping;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * Issue 22: {@code ./pks-local}, stopped with SIGTERM (what Ctrl-C amounts to) while it works through the demo
 * region, is gone within 15 s, broker and database included, with exit status 0 and at most a few lines of log, none
 * an ERROR; started again it ends with exactly the figures of a local run nobody stopped. A second signal ends a
 * shutdown at once.
 *
 * <p>A small demo region (a tenth of the volume, four months) so that each run settles in a minute or two. Run alone:
 * {@code ./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=LocalRunShutdownIT}.
 */
class LocalRunShutdownIT {

    private static final Duration LOCAL_LIMIT = Duration.ofSeconds(15);
    private static final int MOST_LINES = 5;
    private static final Duration START_LIMIT = Duration.ofMinutes(3);

    @Test
    void stoppedUnderLoadTheLocalRunIsGoneWithinFifteenSecondsAndKeepsExactFigures() throws Exception {
        final Path dir = WorkDirs.fresh("local-shutdown");
        final FiguresSnapshot reference = settledFigures(dir.resolve("undisturbed"));

        final Path data = dir.resolve("stopped");
        final LocalRun busy = LocalRun.start(data, dir.resolve("stopped-1.log"));
        busy.awaitLog("Loaded demo region", START_LIMIT);
        // The demo is on the topics; Kafka Streams and the sink are in the middle of it.
        Thread.sleep(3000);
        assertStopsCleanly(busy);

        final LocalRun restarted = LocalRun.start(data, dir.resolve("stopped-2.log"));
        restarted.awaitLog("Demo region already loaded", START_LIMIT);
        try (RunWatch watch = restarted.watch()) {
            watch.awaitSettled(RunWatch.SETTLE_LIMIT, restarted.process()::isAlive);
        }
        final List<String> differences = FiguresSnapshot.take(restarted.jdbcUrl()).differencesFrom(reference);
        if (!differences.isEmpty()) {
            fail(differences.size() + " rows differ from the undisturbed local run:\n"
                    + String.join("\n", differences.subList(0, Math.min(200, differences.size()))));
        }
        assertTrue(reference.measureValues().size() > 1000,
                "thousands of figures were compared, not " + reference.measureValues().size());

        assertSecondSignalStopsAtOnce(restarted);
    }

    private static FiguresSnapshot settledFigures(final Path data) throws Exception {
        final LocalRun run = LocalRun.start(data, data.resolveSibling("undisturbed.log"));
        run.awaitLog("Loaded demo region", START_LIMIT);
        try (RunWatch watch = run.watch()) {
            watch.awaitSettled(RunWatch.SETTLE_LIMIT, run.process()::isAlive);
        }
        final FiguresSnapshot figures = FiguresSnapshot.take(run.jdbcUrl());
        assertStopsCleanly(run);
        return figures;
    }

    private static void assertStopsCleanly(final LocalRun run) throws Exception {
        final long logged = Stopping.size(run.log());
        final Duration took = Stopping.terminateWithin(run.process(), "./pks-local", LOCAL_LIMIT);
        final List<String> lines = Stopping.linesFrom(run.log(), logged);
        System.out.printf("./pks-local stopped in %.1f s after SIGTERM, exit %d, %d lines of log:%n  %s%n",
                took.toMillis() / 1000.0, run.process().exitValue(), lines.size(), String.join("\n  ", lines));
        assertEquals(0, run.process().exitValue(), "an orderly shutdown exits with 0; see " + run.log());
        assertEquals(List.of(), Stopping.errorsAndStackTraces(lines), "no ERROR or stack trace while stopping");
        assertTrue(lines.size() <= MOST_LINES, "at most " + MOST_LINES + " lines while stopping: " + lines);
        assertTrue(run.postmaster().isEmpty(), "PostgreSQL was stopped with the local run");
    }

    /** A halt skips the servers' stop; the orphaned PostgreSQL is what the next start clears, here the test. */
    private static void assertSecondSignalStopsAtOnce(final LocalRun run) throws Exception {
        run.process().destroy();
        Thread.sleep(300);
        assertTrue(run.process().isAlive(), "still stopping when the second signal comes");
        final long second = System.nanoTime();
        run.process().destroy();
        final boolean ended = run.process().waitFor(2, TimeUnit.SECONDS);
        final Duration took = Duration.ofNanos(System.nanoTime() - second);
        run.postmaster().ifPresent(ProcessHandle::destroy);
        assertTrue(ended, "a second SIGTERM ends the local run at once");
        System.out.printf("./pks-local gone %.1f s after the second SIGTERM, exit %d%n", took.toMillis() / 1000.0,
                run.process().exitValue());
        assertEquals(128 + 15, run.process().exitValue(), "halted by the second signal, as a shell reports SIGTERM");
    }

    /** One {@code ./pks-local}: its own data directory and free ports, the demo region small and fixed. */
    private record LocalRun(Process process, Path data, Path log, int kafkaPort, int postgresPort) {

        static LocalRun start(final Path data, final Path log) throws IOException {
            final int kafkaPort = freePort();
            final int postgresPort = freePort();
            final Map<String, String> environment = new HashMap<>(Map.of(
                    "JAVA_HOME", System.getProperty("java.home"),
                    "PKS_LOCAL_DATA_DIR", data.toString(),
                    "PKS_LOCAL_KAFKA_PORT", String.valueOf(kafkaPort),
                    "PKS_LOCAL_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()),
                    "PKS_LOCAL_POSTGRES_PORT", String.valueOf(postgresPort),
                    "QUARKUS_HTTP_PORT", String.valueOf(freePort()),
                    "PKS_DEMO_SCALE", "0.1",
                    "PKS_DEMO_LAST_DAY", "2025-04-27"));
            final ProcessBuilder builder = new ProcessBuilder("./pks-local")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new LocalRun(builder.start(), data, log, kafkaPort, postgresPort);
        }

        void awaitLog(final String text, final Duration limit) throws Exception {
            final long deadline = System.nanoTime() + limit.toNanos();
            while (!Files.readString(log).contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("No \"" + text + "\" in " + log);
                }
                Thread.sleep(500);
            }
        }

        String bootstrap() {
            return "localhost:" + kafkaPort;
        }

        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + postgresPort + "/pks";
        }

        /** Watches Kafka Streams' application id until every event on the topics is a stored figure. */
        RunWatch watch() throws Exception {
            return new RunWatch(bootstrap(), jdbcUrl() + "?user=postgres", defaultApplicationId(), events());
        }

        /** The application id the local run uses: the service's default, as configured. */
        private static String defaultApplicationId() throws IOException {
            final Properties properties = new Properties();
            try (InputStream in = LocalRunShutdownIT.class.getResourceAsStream("/application.properties")) {
                properties.load(in);
            }
            return properties.getProperty("quarkus.kafka-streams.application-id");
        }

        /** The events on the four event topics, which the demo loader writes without transactions. */
        private long events() throws Exception {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
                final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                final List<String> topics = Topics.EVENT_TOPICS.stream().map(Topic::name).toList();
                admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                        description.partitions().forEach(partition ->
                                latest.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest())));
                return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
            }
        }

        Optional<ProcessHandle> postmaster() throws IOException {
            final Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().trim()))
                    .filter(ProcessHandle::isAlive);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
