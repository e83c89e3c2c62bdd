package se.pks.stream.topology;

import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.Rejection;

/**
 * A record after validation, inside the topology only: either the accepted value or its rejection, and what the
 * data-quality register learns from it (null for reference data such as plans).
 */
record Screened<T>(T accepted, Rejection rejection, FeedObservation observation) {

    static <T> Screened<T> accept(final T value) {
        return new Screened<>(value, null, null);
    }

    static <T> Screened<T> accept(final T value, final FeedObservation observation) {
        return new Screened<>(value, null, observation);
    }

    static <T> Screened<T> reject(final Rejection rejection) {
        return new Screened<>(null, rejection, null);
    }

    static <T> Screened<T> reject(final Rejection rejection, final FeedObservation observation) {
        return new Screened<>(null, rejection, observation);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
