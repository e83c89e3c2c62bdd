package se.pks.stream.topology;

import se.pks.stream.model.Rejection;

/** A record after validation, inside the topology only: either the accepted value or its rejection. */
record Screened<T>(T accepted, Rejection rejection) {

    static <T> Screened<T> accept(final T value) {
        return new Screened<>(value, null);
    }

    static <T> Screened<T> reject(final Rejection rejection) {
        return new Screened<>(null, rejection);
    }

    boolean isRejected() {
        return rejection != null;
    }
}
