package se.pks.stream.notifications;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import se.pks.stream.RetryBackoff;

/**
 * One round of delivery: claim the due notifications, send each on its channel (in parallel, one virtual thread
 * each, so a receiver that hangs until its timeout does not hold up the others), then store every outcome.
 * Plain Java, so the tests run it against a real database without the application.
 */
public final class DeliveryRound {

    private static final Logger LOG = Logger.getLogger(DeliveryRound.class);

    private final NotificationOutbox outbox;
    private final Map<NotificationChannel, ChannelSender> senders;
    private final DashboardLinks links;
    private final RetryBackoff backoff;
    private final DeliveryMetrics metrics;
    private final int batchSize;
    private final Duration lease;
    private final int warnAfterAttempts;

    public DeliveryRound(final NotificationOutbox outbox, final Map<NotificationChannel, ChannelSender> senders,
                         final DashboardLinks links, final RetryBackoff backoff, final DeliveryMetrics metrics,
                         final int batchSize, final Duration lease, final int warnAfterAttempts) {
        this.outbox = outbox;
        this.senders = Map.copyOf(senders);
        this.links = links;
        this.backoff = backoff;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.lease = lease;
        this.warnAfterAttempts = warnAfterAttempts;
    }

    /** Runs one round; returns how many notifications it attempted (a full batch means: run again at once). */
    public int run() throws SQLException {
        final List<PendingNotification> due = outbox.claim(batchSize, lease);
        if (!due.isEmpty()) {
            final List<DeliveryOutcome> outcomes = new ArrayList<>(due.size());
            try (ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor()) {
                final List<Future<DeliveryOutcome>> attempts = new ArrayList<>(due.size());
                for (final PendingNotification notification : due) {
                    attempts.add(sending.submit(() -> attempt(notification)));
                }
                for (int i = 0; i < due.size(); i++) {
                    outcomes.add(outcome(due.get(i), attempts.get(i)));
                }
            }
            outbox.record(outcomes);
            outcomes.forEach(this::report);
        }
        metrics.waiting(outbox.waiting(warnAfterAttempts));
        return due.size();
    }

    private DeliveryOutcome attempt(final PendingNotification notification) {
        final ChannelSender sender = senders.get(notification.channel());
        try {
            if (sender == null) {
                throw new DeliveryFailure("channel " + notification.channel() + " is not set up on this instance");
            }
            sender.send(new AlertMessage(notification, links.panelUrl(notification)));
            return DeliveryOutcome.delivered(notification);
        } catch (final DeliveryFailure e) {
            return failed(notification, e.getMessage());
        } catch (final RuntimeException e) {
            // A formatting or client bug must not lose the notification either; the class name is enough to find it.
            LOG.errorf(e, "Notification %d could not be sent", notification.notificationId());
            return failed(notification, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private DeliveryOutcome failed(final PendingNotification notification, final String error) {
        final int failures = notification.attempts() + 1;
        return DeliveryOutcome.failed(notification, error,
                backoff.delay(failures, ThreadLocalRandom.current().nextDouble()));
    }

    private DeliveryOutcome outcome(final PendingNotification notification, final Future<DeliveryOutcome> attempt) {
        try {
            return attempt.get();
        } catch (final ExecutionException e) {
            return failed(notification, "internal error: " + e.getCause().getClass().getSimpleName());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(notification, "interrupted (shutting down)");
        }
    }

    /** 850 ms, 12 s, 15 min: for an operator reading the log, not ISO 8601. */
    static String readable(final Duration wait) {
        if (wait.toMillis() < 1_000) {
            return wait.toMillis() + " ms";
        }
        return wait.toSeconds() < 120 ? wait.toSeconds() + " s" : wait.toMinutes() + " min";
    }

    private void report(final DeliveryOutcome outcome) {
        metrics.attempted(outcome);
        if (outcome.error() == null) {
            LOG.debugf("Notification %d delivered by %s after %d attempt(s)", (Object) outcome.notificationId(),
                    outcome.channel(), outcome.attempts());
        } else if (outcome.attempts() >= warnAfterAttempts) {
            // Never silent: a notification keeps being retried, and from here on every failure is in the log.
            LOG.warnf("Notification %d (%s) still not delivered after %d attempts: %s; next attempt in %s",
                    outcome.notificationId(), outcome.channel(), outcome.attempts(), outcome.error(),
                    readable(outcome.retryIn()));
        } else {
            LOG.infof("Notification %d (%s) attempt %d failed: %s; next attempt in %s", outcome.notificationId(),
                    outcome.channel(), outcome.attempts(), outcome.error(), readable(outcome.retryIn()));
        }
    }
}
