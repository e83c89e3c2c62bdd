package se.pks.stream.topology;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import se.pks.stream.PksConfig;
import se.pks.stream.model.Feed;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.topics.OutputTopics;

/** Hands the follow-up topology to Quarkus, which starts, stops and health-checks Kafka Streams around it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    public Topology buildTopology(final PksConfig config, final MeterRegistry registry, final OutputTopics outputs) {
        final Properties naming = new Properties();
        // Only used to read the topology settings; the real client settings come from kafka-streams.* properties.
        naming.put(StreamsConfig.APPLICATION_ID_CONFIG, "pks-stream");
        naming.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        naming.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        final StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(naming)));
        final FollowUpSettings settings = new FollowUpSettings(
                config.region().timeZone(), config.futureTolerance(), config.flushInterval(),
                Map.of(GuaranteeType.FIRST_VISIT, config.guarantee().firstVisitDays(),
                        GuaranteeType.TREATMENT, config.guarantee().treatmentDays()),
                Map.of(Feed.VISITS, config.lateAfter().visits(), Feed.OPERATIONS, config.lateAfter().operations(),
                        Feed.BED_OCCUPANCY, config.lateAfter().bedOccupancy(),
                        Feed.WAITING_LIST, config.lateAfter().waitingList()),
                new FollowUpSettings.CatchUp(config.catchUp().recordsPerFlush(), config.catchUp().flushInterval(),
                        config.catchUp().liveCommitInterval(), config.catchUp().behind()));
        FollowUpTopology.build(builder, settings, new MicrometerFeedCounters(registry), outputs);
        return builder.build();
    }
}
