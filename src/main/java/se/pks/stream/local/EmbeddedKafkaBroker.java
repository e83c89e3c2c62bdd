package se.pks.stream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) for the local run and the integration
 * tests, where there is no Docker. The log directory is formatted once and then reused, so topics and records
 * survive a stop and a restart on the same directory.
 *
 * <p>Everything that needs a replication factor is set to one, so exactly-once Kafka Streams and transactional
 * producers work on this one node. Topics are never created automatically: the service creates its own, as in
 * production.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /**
     * Kafka logs through slf4j, which Quarkus routes to JUL (jboss-logmanager). The broker's INFO lines (a full
     * config dump among them) would drown the service's own log, so its loggers are set to WARNING. The references
     * are kept because JUL holds loggers weakly and a collected logger forgets its level.
     */
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"), Logger.getLogger("state.change.logger"));

    private final KafkaConfig config;
    private final int brokerPort;
    private volatile KafkaRaftServer server;

    private EmbeddedKafkaBroker(final KafkaConfig config, final int brokerPort) {
        this.config = config;
        this.brokerPort = brokerPort;
        this.server = startServer(config);
    }

    /**
     * Formats {@code dataDir} if it is new, then starts the node and returns once the broker accepts clients.
     *
     * @param brokerPort the client port, 0 for any free port
     * @param controllerPort the KRaft controller port, 0 for any free port
     */
    public static EmbeddedKafkaBroker start(final Path dataDir, final int brokerPort, final int controllerPort) {
        return start(dataDir, brokerPort, controllerPort, (broker, controller) -> Map.of());
    }

    /**
     * As {@link #start(Path, int, int)}, with broker settings added or replaced, given the two ports: a test's SASL
     * listener and authorizer, for instance.
     */
    public static EmbeddedKafkaBroker start(final Path dataDir, final int brokerPort, final int controllerPort,
                                            final BiFunction<Integer, Integer, Map<String, String>> overrides) {
        QUIETED.forEach(logger -> logger.setLevel(Level.WARNING));
        final Ports ports = resolvePorts(brokerPort, controllerPort);
        formatIfNew(dataDir);
        final Properties properties = properties(dataDir, ports.broker(), ports.controller());
        properties.putAll(overrides.apply(ports.broker(), ports.controller()));
        final KafkaConfig config = new KafkaConfig(properties, false);
        return new EmbeddedKafkaBroker(config, ports.broker());
    }

    private static KafkaRaftServer startServer(final KafkaConfig config) {
        final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return server;
    }

    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    /**
     * Starts broker and controller again after {@link #close()}, on the same log directory and ports, as a broker
     * that was restarted would come back: for outage tests.
     */
    public void restart() {
        server = startServer(config);
    }

    /** Stops broker and controller and waits until their threads are gone and the logs are flushed. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties properties(final Path dataDir, final int brokerPort, final int controllerPort) {
        final Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("listeners",
                "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        // One partition each instead of 50: creating 50 partitions on first use costs seconds, and one node gains
        // nothing from spreading group and transaction coordinators.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // After a hard kill the controller keeps the dead broker's registration until its session expires, and the
        // restarted broker cannot register before that: 9 s by default, 3 s here.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "3000");
        // The log cleaner allocates its dedupe buffer up front (128 MiB by default); compacted topics here are small.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return props;
    }

    /** Formatting an already formatted directory would fail, and a new cluster id would orphan the existing data. */
    private static void formatIfNew(final Path dataDir) {
        if (Files.exists(dataDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    // The metadata log shares the only log directory (metadata.log.dir is not set).
                    .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                    .addDirectory(dataDir.toAbsolutePath().toString())
                    .run();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + dataDir, e);
        }
    }

    /**
     * Kafka's own "port 0" would not do: the controller port must be known to write controller.quorum.voters.
     * Both probe sockets are open at the same time, so the two free ports cannot come out equal.
     */
    private static Ports resolvePorts(final int brokerPort, final int controllerPort) {
        try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
            return new Ports(brokerPort == 0 ? first.getLocalPort() : brokerPort,
                    controllerPort == 0 ? second.getLocalPort() : controllerPort);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Ports(int broker, int controller) {
    }
}
