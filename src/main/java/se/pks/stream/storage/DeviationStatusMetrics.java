package se.pks.stream.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import javax.sql.DataSource;
import se.pks.stream.PksConfig;

/** Registers {@code pks_deviations{status}} at start (see {@link DeviationStatusCounts}). */
@ApplicationScoped
public class DeviationStatusMetrics {

    @Inject
    DataSource dataSource;

    @Inject
    PksConfig config;

    @Inject
    MeterRegistry registry;

    void onStart(@Observes final StartupEvent event) {
        new DeviationStatusCounts(dataSource, config.region().timeZone(), Clock.systemUTC()).bindTo(registry);
    }
}
