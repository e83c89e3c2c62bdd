package se.pks.stream.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import se.pks.stream.PksConfig;

/**
 * The day alert rounds evaluate as of: today in the region. A bean of its own so that a test can let weeks pass, as
 * an alert's lifecycle is measured in weeks.
 */
@ApplicationScoped
public class AlertCalendar {

    @Inject
    PksConfig config;

    public LocalDate today() {
        return LocalDate.now(config.region().timeZone());
    }
}
