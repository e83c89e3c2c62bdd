package se.pks.stream.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Output topics are named after the application id, so two deployments on one cluster share only the inputs. */
class OutputTopicsTest {

    @Test
    void theDefaultDeploymentsOutputTopicsCarryItsApplicationId() {
        assertEquals(List.of("pks-stream-v2.measure-values.v1", "pks-stream-v2.deviations.v1",
                        "pks-stream-v2.feed-quality.v1", "pks-stream-v2.rejected.v1", "pks-stream-v2.alerts.v1"),
                names(OutputTopics.of("pks-stream-v2").all()));
    }

    @Test
    void twoDeploymentsShareOnlyTheInputTopics() {
        final Set<String> shared = new HashSet<>(names(Topics.all(OutputTopics.of("pks-stream-v2"))));
        shared.retainAll(names(Topics.all(OutputTopics.of("pks-stream-v3"))));

        assertEquals(Set.of("pks.visits.v1", "pks.operations.v1", "pks.bed-occupancy.v1", "pks.waiting-list.v1",
                "pks.units.v1", "pks.calendar.v1", "pks.plans.v1"), shared);
    }

    private static List<String> names(final List<Topic<?, ?>> topics) {
        return topics.stream().map(Topic::name).collect(Collectors.toList());
    }
}
