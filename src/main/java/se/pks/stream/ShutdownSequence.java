package se.pks.stream;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;
import se.pks.stream.alerts.AlertRounds;
import se.pks.stream.notifications.NotificationDispatcher;
import se.pks.stream.sink.DatabaseSink;
import se.pks.stream.sink.DerivedFiguresRefresher;
import se.pks.stream.storage.AuditRetention;
import se.pks.stream.topics.ProviderOutputTopicCreator;

/**
 * The service's part of the shutdown order (docs/operations.md, "Stopping"). Quarkus has already stopped taking
 * HTTP requests and let those in flight finish ({@code quarkus.shutdown.timeout}); then, each step bounded:
 * <ol>
 *   <li>the alert and notification rounds and the refresher finish the round they are in, or abandon it;</li>
 *   <li>Kafka Streams commits and closes;</li>
 *   <li>the database sink finishes the batch it is writing.</li>
 * </ol>
 * Quarkus then closes the database pool and the Kafka clients (when it destroys the beans), and the local run stops
 * its broker and database after that ({@link se.pks.stream.local.LocalInfrastructure}).
 *
 * <p>Observed before every other shutdown observer: Quarkus' own one closes Kafka Streams without a time limit, and
 * would wait for as long as the broker cannot be reached; after a close that succeeded here it returns at once.
 */
@ApplicationScoped
public class ShutdownSequence {

    private static final Logger LOG = Logger.getLogger(ShutdownSequence.class);

    @Inject
    AlertRounds alertRounds;

    @Inject
    NotificationDispatcher notifications;

    @Inject
    DerivedFiguresRefresher refresher;

    @Inject
    AuditRetention auditRetention;

    @Inject
    ProviderOutputTopicCreator providerTopics;

    @Inject
    KafkaStreams streams;

    @Inject
    DatabaseSink sink;

    @Inject
    PksConfig config;

    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) final ShutdownEvent event)
            throws InterruptedException {
        final PksConfig.Shutdown limits = config.shutdown();
        PeriodicTask.stopAll(Stream.of(alertRounds.rounds(), notifications.rounds(), refresher.rounds(),
                        auditRetention.rounds(), providerTopics.rounds())
                .flatMap(Optional::stream).toList(), limits.roundsGrace());
        if (!streams.close(limits.streamsTimeout())) {
            LOG.warnf("Kafka Streams did not close within %s; its open transactions are aborted by the broker",
                    limits.streamsTimeout());
        }
        sink.stop(limits.sinkTimeout());
    }
}
