package se.pks.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.pks.stream.topics.Topics;
import se.pks.stream.topology.StoreNames;

class RegisteredUnitsTest {

    @Test
    void aRegisterThatCannotBeReadYetIsAnswered503(@TempDir final Path stateDir) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable(Topics.UNITS.name(), Topics.UNITS.consumed(), Materialized.as(StoreNames.UNITS));
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "registered-units-test");
        // Never contacted: the streams instance is created but not started.
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            final RegisteredUnits units = new RegisteredUnits();
            units.streams = streams;
            final ProblemException problem = assertThrows(ProblemException.class, () -> units.find("u1"));
            assertEquals(503, problem.problem().status());
            assertThrows(ProblemException.class, units::all);
        }
    }
}
