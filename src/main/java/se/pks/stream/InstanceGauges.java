package se.pks.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Removes pks-stream's gauges when the application stops. The registry Quarkus injects is the JVM-wide composite
 * registry, which outlives one start of the application, and a gauge reads the object it was registered with: left
 * behind, a restarted application in the same JVM (the integration tests start several) would keep reporting the
 * stopped one's sink lag, pending notifications and database counts, because registering a gauge again with the same
 * name and tags returns the old one. Counters and timers hold their own values and are left alone.
 */
@ApplicationScoped
public class InstanceGauges {

    @Inject
    MeterRegistry registry;

    void onStop(@Observes final ShutdownEvent event) {
        final List<Meter> gauges = registry.getMeters().stream()
                .filter(meter -> meter instanceof Gauge && meter.getId().getName().startsWith("pks"))
                .toList();
        gauges.forEach(registry::remove);
    }
}
