package se.pks.stream.model;

import java.time.Duration;
import java.time.Instant;

/** A performed operation ({@code pks.operations.v1}); it belongs to the period in which it started. */
public record Operation(EventHeader header, Instant startedAt, Instant endedAt, OperationPriority priority)
        implements ProviderEvent {

    public long durationSeconds() {
        return Duration.between(startedAt, endedAt).toSeconds();
    }
}
