package se.pks.stream.local;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Tells the embedded servers that the application is stopping, so they outlive its last writes. */
@ApplicationScoped
public class LocalShutdownSignal {

    void onStop(@Observes final ShutdownEvent event) {
        LocalInfrastructure.APPLICATION_STOPPING.countDown();
    }
}
