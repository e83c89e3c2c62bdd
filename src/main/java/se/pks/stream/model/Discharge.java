package se.pks.stream.model;

import java.time.Instant;

/** A discharge ({@code pks.bed-occupancy.v1}, type DISCHARGE); occurredAt is the discharge time. */
public record Discharge(EventHeader header, Instant admittedAt, Instant dischargedAt) implements ProviderEvent {
}
