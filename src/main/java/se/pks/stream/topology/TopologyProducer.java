package se.pks.stream.topology;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import se.pks.stream.PksConfig;
import se.pks.stream.model.Feed;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.topics.OutputTopics;

/** Hands the follow-up topology to Quarkus, which starts, stops and health-checks Kafka Streams around it. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    public Topology buildTopology(final PksConfig config, final MeterRegistry registry, final OutputTopics outputs) {
        final FollowUpSettings settings = new FollowUpSettings(
                config.region().timeZone(), config.futureTolerance(), config.flushInterval(),
                Map.of(GuaranteeType.FIRST_VISIT, config.guarantee().firstVisitDays(),
                        GuaranteeType.TREATMENT, config.guarantee().treatmentDays()),
                Map.of(Feed.VISITS, config.lateAfter().visits(), Feed.OPERATIONS, config.lateAfter().operations(),
                        Feed.BED_OCCUPANCY, config.lateAfter().bedOccupancy(),
                        Feed.WAITING_LIST, config.lateAfter().waitingList()),
                new FollowUpSettings.CatchUp(config.catchUp().recordsPerFlush(), config.catchUp().flushInterval(),
                        config.catchUp().liveCommitInterval(), config.catchUp().behind()));
        return FollowUpTopology.topology(settings, new MicrometerFeedCounters(registry), outputs);
    }
}
