package se.pks.stream.topology;

import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.Plan;
import se.pks.stream.model.ProviderEvent;

/**
 * What the one repartition carries to the follow-up processor, keyed by provider: everything a provider's figures,
 * deviations and data-quality rows depend on arrives at one task, in the order it arrived.
 */
sealed interface FollowUpInput {

    /** An accepted event and how it arrived (on time or late). */
    record Arrival(ProviderEvent event, FeedObservation observation) implements FollowUpInput {
    }

    /** A record rejected at validation: only the data-quality register hears of it. */
    record Observed(FeedObservation observation) implements FollowUpInput {
    }

    /** A plan row under its topic key; a null plan deletes the row. */
    record PlanChange(String key, Plan plan) implements FollowUpInput {
    }

    /** The shared clock ({@link StreamClock}): carries only its record timestamp, an input task's stream time. */
    record Tick() implements FollowUpInput {
    }
}
