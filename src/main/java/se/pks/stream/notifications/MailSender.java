package se.pks.stream.notifications;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;

/**
 * Sends a notification as an e-mail through Quarkus Mailer (SMTP from {@code quarkus.mailer.*}). The Message-ID is
 * the same on every attempt, so a mail system that keeps it (most do) shows a resend once.
 */
public final class MailSender implements ChannelSender {

    private final Mailer mailer;
    private final String messageIdDomain;

    public MailSender(final Mailer mailer, final String messageIdDomain) {
        this.mailer = mailer;
        this.messageIdDomain = messageIdDomain;
    }

    @Override
    public void send(final AlertMessage message) throws DeliveryFailure {
        final String to = message.notification().target().strip();
        // A line break in the address would let a subscription add headers of its own.
        if (to.indexOf('@') < 1 || to.chars().anyMatch(c -> c == '\r' || c == '\n' || c == ',')) {
            throw new DeliveryFailure("target is not a single e-mail address");
        }
        final AlertMail mail = AlertMail.of(message);
        try {
            mailer.send(Mail.withText(to, mail.subject(), mail.text()).setHtml(mail.html())
                    .addHeader("Message-ID", message.messageId(messageIdDomain))
                    .addHeader("X-PKS-Notification-Id", Long.toString(message.notification().notificationId()))
                    .addHeader("X-PKS-Alert-Key", message.notification().alertKey()));
        } catch (final RuntimeException e) {
            // The SMTP server's answer (e.g. "550 mailbox unavailable") says what to fix; it holds no password.
            final Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DeliveryFailure("SMTP: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }
}
