package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while figures are flowing into the database. */
@Readiness
@ApplicationScoped
public class DatabaseSinkHealth implements HealthCheck {

    @Inject
    DatabaseSink sink;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pks-database-sink").status(sink.healthy()).build();
    }
}
