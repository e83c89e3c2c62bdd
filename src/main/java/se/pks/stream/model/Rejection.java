package se.pks.stream.model;

import java.time.Instant;
import java.util.List;

/**
 * A record that was not accepted, on the rejected topic ({@code <application id>.rejected.v1}). {@code value} is the
 * original record text, with anything that looks like a personal identity number masked.
 */
public record Rejection(
        String topic,
        int partition,
        long offset,
        String key,
        String value,
        List<FieldError> reasons,
        Instant receivedAt) {
}
