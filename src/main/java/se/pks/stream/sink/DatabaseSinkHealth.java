package se.pks.stream.sink;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while figures are flowing into the database: DOWN while the sink's attempts to write fail. */
@Readiness
@ApplicationScoped
public class DatabaseSinkHealth implements HealthCheck {

    @Inject
    DatabaseSink sink;

    @Override
    public HealthCheckResponse call() {
        final HealthCheckResponseBuilder response = HealthCheckResponse.named("pks-database-sink")
                .status(sink.healthy())
                .withData("failuresInARow", sink.failuresInARow());
        final String lastFailure = sink.lastFailure();
        return (lastFailure == null ? response : response.withData("lastFailure", lastFailure)).build();
    }
}
