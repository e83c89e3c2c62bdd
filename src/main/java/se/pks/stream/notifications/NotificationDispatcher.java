package se.pks.stream.notifications;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import se.pks.stream.PeriodicTask;
import se.pks.stream.PksConfig;
import se.pks.stream.RetryBackoff;

/**
 * Sends the notifications the alert evaluator leaves in {@code pks.notification}, and the weekly digests it leaves in
 * {@code pks.digest} ({@link DigestDelivery}), on a thread of its own: a round
 * every poll interval, or straight away again while rounds come back full. Every instance runs one; the outbox's
 * claims keep them from sending the same notification twice, except after a crash mid-send (at least once).
 */
@ApplicationScoped
public class NotificationDispatcher {

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);

    @Inject
    DataSource dataSource;

    @Inject
    PksConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Mailer mailer;

    private PeriodicTask rounds;

    void onStart(@Observes final StartupEvent event) {
        final PksConfig.Delivery delivery = config.alerts().delivery();
        if (!delivery.enabled()) {
            LOG.info("Notification delivery is off on this instance (pks.alerts.delivery.enabled=false)");
            return;
        }
        final DeliveryRound round = newRound(delivery);
        final DigestDelivery digests = new DigestDelivery(dataSource, WebhookSender.client(delivery.connectTimeout()),
                mailer, delivery.webhookHosts().orElse(List.of()), delivery.requestTimeout(),
                new RetryBackoff(delivery.firstRetryDelay(), delivery.maxRetryDelay(), delivery.jitter()));
        // A full batch means more are due: straight on. A failed round loses nothing: unclaimed rows stay due,
        // claimed ones come back when their lease runs out.
        rounds = PeriodicTask.start("pks-notification-dispatcher", LOG, "Notification round", delivery.pollInterval(),
                () -> {
                    while (round.run() >= delivery.batchSize()) {
                        // drain the backlog before pausing
                    }
                    while (digests.run(delivery.batchSize(), delivery.claimLease()) >= delivery.batchSize()) {
                        // the weekly digests, after the immediate notifications
                    }
                });
    }

    /** The rounds, for the shutdown ({@link se.pks.stream.ShutdownSequence}); empty when delivery is off. */
    public Optional<PeriodicTask> rounds() {
        return Optional.ofNullable(rounds);
    }

    private DeliveryRound newRound(final PksConfig.Delivery delivery) {
        final HttpClient http = WebhookSender.client(delivery.connectTimeout());
        final Duration timeout = delivery.requestTimeout();
        final List<String> hosts = delivery.webhookHosts().orElse(List.of());
        final Map<NotificationChannel, ChannelSender> senders = Map.of(
                NotificationChannel.WEBHOOK, new WebhookSender(http, new GenericWebhookBody(), timeout, hosts),
                NotificationChannel.SLACK, new WebhookSender(http, new SlackBody(), timeout, hosts),
                NotificationChannel.TEAMS, new WebhookSender(http, new TeamsBody(), timeout, hosts),
                NotificationChannel.EMAIL, new MailSender(mailer, delivery.messageIdDomain()));
        return new DeliveryRound(new NotificationOutbox(dataSource), senders,
                new DashboardLinks(config.alerts().dashboardBaseUrl()),
                new RetryBackoff(delivery.firstRetryDelay(), delivery.maxRetryDelay(), delivery.jitter()),
                new DeliveryMetrics(registry), delivery.batchSize(), delivery.claimLease(),
                delivery.warnAfterAttempts());
    }
}
