package se.pks.stream.ingest;

import java.util.List;
import se.pks.stream.model.FieldError;

/** The outcome of checking one incoming record: either a value that may enter the figures, or the reasons not. */
public sealed interface Validation<T> {

    record Accepted<T>(T value) implements Validation<T> {
    }

    record Rejected<T>(List<FieldError> reasons) implements Validation<T> {
    }

    static <T> Validation<T> rejected(final List<FieldError> reasons) {
        return new Rejected<>(List.copyOf(reasons));
    }

    static <T> Validation<T> rejected(final String field, final String reason) {
        return new Rejected<>(List.of(new FieldError(field, reason)));
    }
}
