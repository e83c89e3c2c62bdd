package se.pks.stream.topics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This deployment's output topics, for every bean that writes or reads them. */
@ApplicationScoped
public class OutputTopicsProducer {

    @Produces
    @Singleton
    OutputTopics outputTopics(
            @ConfigProperty(name = "quarkus.kafka-streams.application-id") final String applicationId) {
        return OutputTopics.of(applicationId);
    }
}
