package se.pks.stream.topology;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import se.pks.stream.model.Feed;
import se.pks.stream.model.GuaranteeType;

/**
 * The knobs of the follow-up topology.
 *
 * @param zone               the region's time zone: every period is a local calendar period there
 * @param futureTolerance    how far past its arrival an event's occurredAt may lie before it is rejected
 * @param flushInterval      how often changed figures are published; changes in between are folded together
 * @param guaranteeLimitDays the care guarantee's limit per guarantee type (90 days in the national 0-3-90-90 rule;
 *                           under review, so configuration rather than code)
 * @param lateAfter          per feed, how long after occurredAt an event may arrive before it counts as late
 * @param catchUp            when a task counts as catching up, and how often it publishes then
 */
public record FollowUpSettings(ZoneId zone, Duration futureTolerance, Duration flushInterval,
                               Map<GuaranteeType, Integer> guaranteeLimitDays, Map<Feed, Duration> lateAfter,
                               CatchUp catchUp) {

    /**
     * @param recordsPerFlush more records than this in one flush interval mean the task is catching up
     * @param flushInterval   how often a task that is catching up publishes
     * @param liveCommitInterval how soon a task with live traffic commits (it asks Kafka Streams for an early commit;
     *                        a task catching up leaves commits to {@code commit.interval.ms})
     * @param behind          records received longer ago than this are history: reading only such records is catching
     *                        up, whatever the rate
     */
    public record CatchUp(int recordsPerFlush, Duration flushInterval, Duration liveCommitInterval, Duration behind) {

        /** Whether a record received at {@code receivedMs} is history at wall-clock time {@code nowMs}. */
        boolean isHistory(final long receivedMs, final long nowMs) {
            return nowMs - receivedMs > behind.toMillis();
        }

        /** The catch-up threshold scaled from the flush interval to the live commit interval. */
        long liveRecordsPerCommit(final Duration flushInterval) {
            return Math.max(1, recordsPerFlush * liveCommitInterval.toMillis() / Math.max(1, flushInterval.toMillis()));
        }
    }

    public static FollowUpSettings defaults() {
        return new FollowUpSettings(ZoneId.of("Europe/Stockholm"), Duration.ofDays(1), Duration.ofSeconds(1),
                Map.of(GuaranteeType.FIRST_VISIT, 90, GuaranteeType.TREATMENT, 90),
                Map.of(Feed.VISITS, Duration.ofDays(3), Feed.OPERATIONS, Duration.ofDays(3),
                        Feed.BED_OCCUPANCY, Duration.ofDays(1), Feed.WAITING_LIST, Duration.ofDays(3)),
                new CatchUp(1_000, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1)));
    }
}
