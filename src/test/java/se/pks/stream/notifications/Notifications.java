package se.pks.stream.notifications;

import java.time.LocalDate;

/** Claimed notifications as the outbox would return them, for the tests of formatting and links. */
final class Notifications {

    private Notifications() {
    }

    static PendingNotification of(final NotificationChannel channel, final String condition, final String subject) {
        return new PendingNotification(77, 0, channel, "https://hooks.example.invalid/T1/B2/secret", 12, 3,
                condition + "|u-orto|" + subject, condition, subject, "CRITICAL", "OPEN", "opened",
                "first_visits RED for 2 weeks: 41 against 50 planned (-18 %)", -18.0, -10.0,
                LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 9), "u-orto", "Ortopedmottagning <Öst> & Väst",
                "org-1", "Exempelsjukhuset", "region-x");
    }
}
