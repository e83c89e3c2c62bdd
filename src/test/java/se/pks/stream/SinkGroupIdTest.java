package se.pks.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each deployment's database sink reads in a consumer group of its own, named after its application id. */
class SinkGroupIdTest {

    @Test
    void theSinkGroupFollowsTheApplicationId() {
        assertEquals("pks-staging-db-sink",
                groupId(Map.of("quarkus.kafka-streams.application-id", "pks-staging")));
        assertEquals("pks-stream-db-sink", groupId(Map.of("quarkus.kafka-streams.application-id", "pks-stream")));
    }

    @Test
    void anExplicitGroupIdStillWins() {
        assertEquals("the-old-sink", groupId(Map.of("quarkus.kafka-streams.application-id", "pks-staging",
                "pks.sink.group-id", "the-old-sink")));
    }

    private static String groupId(final Map<String, String> properties) {
        final SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(PksConfig.class)
                // "1s", "250ms": Quarkus' own duration format, used by the mapping's defaults
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 300))
                .build();
        return config.getConfigMapping(PksConfig.class).sink().groupId();
    }
}
