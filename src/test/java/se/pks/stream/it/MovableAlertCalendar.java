package se.pks.stream.it;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.LocalDate;
import se.pks.stream.alerts.AlertCalendar;

/**
 * The alert rounds' calendar in the integration tests: today in the region unless a test moves it, so that a test can
 * let the weeks of an alert's lifecycle pass in seconds. Everything else (broker, stream, database) is real.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class MovableAlertCalendar extends AlertCalendar {

    private volatile LocalDate today;

    @Override
    public LocalDate today() {
        final LocalDate moved = today;
        return moved == null ? super.today() : moved;
    }

    void moveTo(final LocalDate day) {
        today = day;
    }

    void reset() {
        today = null;
    }
}
