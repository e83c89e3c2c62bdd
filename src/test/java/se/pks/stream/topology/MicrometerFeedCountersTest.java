package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FieldError;

class MicrometerFeedCountersTest {

    @Test
    void feedOutcomesAreCountedPerProviderFeedAndOutcome() {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final MicrometerFeedCounters counters = new MicrometerFeedCounters(registry);
        final LocalDate day = LocalDate.of(2025, 1, 7);
        counters.observed(new FeedObservation("prov-a", "u1", Feed.VISITS, day, FeedObservation.Outcome.ACCEPTED, null));
        counters.observed(new FeedObservation("prov-a", "u2", Feed.VISITS, day, FeedObservation.Outcome.ACCEPTED, null));
        counters.observed(new FeedObservation("prov-a", "u1", Feed.VISITS, day, FeedObservation.Outcome.REJECTED,
                "visitType: is required"));
        counters.rejected("pks.visits.v1", List.of(new FieldError("visitType", "is required")));

        // Two accepted visits of provider A, whatever their units; one rejected, counted by its first field too.
        assertEquals(2.0, registry.get("pks.feed.records").tags("provider", "prov-a", "feed", "VISITS", "outcome",
                "ACCEPTED").counter().count());
        assertEquals(1.0, registry.get("pks.feed.records").tags("outcome", "REJECTED").counter().count());
        assertEquals(1.0, registry.get("pks.records.rejected").tags("topic", "pks.visits.v1", "field", "visitType")
                .counter().count());
    }
}
