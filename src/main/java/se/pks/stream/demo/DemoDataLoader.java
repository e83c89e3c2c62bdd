package se.pks.stream.demo;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import se.pks.stream.PksConfig;
import se.pks.stream.storage.ActionTable;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.topics.Topics;

/**
 * Loads the demo region into Kafka at start-up when {@code pks.demo.enabled} and the unit register is still empty,
 * so a restart of the local run keeps its data instead of loading it again.
 */
@ApplicationScoped
public class DemoDataLoader {

    private static final Logger LOG = Logger.getLogger(DemoDataLoader.class);

    @Inject
    PksConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    DataSource dataSource;

    @Inject
    ActionTable actions;

    @Inject
    DemoApprovals demoApprovals;

    void onStart(@Observes @Priority(20) final StartupEvent event) {
        if (config.demo().enabled()) {
            // In the background: the service is up and answering while the demo streams in.
            Thread.ofPlatform().name("pks-demo-loader").start(this::loadIfEmpty);
        }
    }

    private void loadIfEmpty() {
        try {
            if (unitRegisterHasData()) {
                LOG.info("Demo region already loaded; not loading again");
                return;
            }
            // Up to yesterday: a record cannot have been received later than now, and brokers refuse timestamps
            // more than an hour ahead (log.message.timestamp.after.max.ms).
            final LocalDate lastDay = config.demo().lastDay()
                    .orElse(LocalDate.now(config.region().timeZone()).minusDays(1));
            final long started = System.nanoTime();
            final LocalDate firstDay = LocalDate.of(lastDay.getYear() - 1, 1, 1);
            final DemoRegion region = DemoRegionGenerator.generate(
                    new DemoSettings(config.demo().seed(), firstDay, lastDay, config.demo().scale()));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(),
                    new StringSerializer(), new StringSerializer())) {
                DemoLoader.load(region, producer);
            }
            storeExpectedReporting();
            for (final DemoActions.DemoAction action : DemoActions.of(lastDay)) {
                actions.insert(action.organisationId(), action.unitId(), action.fields(), DemoActions.CREATED_BY);
            }
            LOG.infof("Loaded demo region: %d units, %d plan rows, %d events in %d ms", region.units().size(),
                    region.plans().size(), region.events().size(), (System.nanoTime() - started) / 1_000_000);
            try (Admin admin = Admin.create(kafkaConfig)) {
                demoApprovals.approveEndedMonths(admin, firstDay, lastDay);
            }
        } catch (final ExecutionException | SQLException | RuntimeException e) {
            LOG.error("Could not load the demo region", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Expected reporting is configuration in the database, not an event: it is written there directly. */
    private void storeExpectedReporting() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.service("demo"), null);
            try (PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO pks.expected_reporting (unit_id, feed, cadence) VALUES (?, ?, ?)
                     ON CONFLICT DO NOTHING""")) {
                for (final ExpectedReporting row : ExpectedReporting.of(DemoCatalogue.units())) {
                    insert.setString(1, row.unitId());
                    insert.setString(2, row.feed().name());
                    insert.setString(3, row.cadence());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    private boolean unitRegisterHasData() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(kafkaConfig)) {
            final int partitions = admin.describeTopics(List.of(Topics.UNITS.name())).allTopicNames().get()
                    .get(Topics.UNITS.name()).partitions().size();
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(Topics.UNITS.name(), partition), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().anyMatch(offset -> offset.offset() > 0);
        }
    }

    private Map<String, Object> producerProperties() {
        final Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return properties;
    }
}
