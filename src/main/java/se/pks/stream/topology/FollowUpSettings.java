package se.pks.stream.topology;

import java.time.Duration;
import java.time.ZoneId;

/**
 * The knobs of the follow-up topology.
 *
 * @param zone            the region's time zone: every period is a local calendar period there
 * @param futureTolerance how far past its arrival an event's occurredAt may lie before it is rejected
 * @param flushInterval   how often changed figures are published; changes in between are folded together
 */
public record FollowUpSettings(ZoneId zone, Duration futureTolerance, Duration flushInterval) {

    public static FollowUpSettings defaults() {
        return new FollowUpSettings(ZoneId.of("Europe/Stockholm"), Duration.ofDays(1), Duration.ofSeconds(1));
    }
}
