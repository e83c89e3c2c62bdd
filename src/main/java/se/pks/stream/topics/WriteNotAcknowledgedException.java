package se.pks.stream.topics;

/**
 * Kafka did not acknowledge a write of the {@link AcknowledgedWriter} in time, so some of its records may not have
 * been written. Writing the same records again is safe: the topics it writes keep the latest value per key. The API
 * answers it with 503 (see {@code api.WriteNotAcknowledgedMapper}).
 */
public final class WriteNotAcknowledgedException extends RuntimeException {

    public WriteNotAcknowledgedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
