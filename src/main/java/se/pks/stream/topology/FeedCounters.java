package se.pks.stream.topology;

import java.util.List;
import se.pks.stream.model.FieldError;

/** What the stream tells the metrics about the feeds; the Quarkus layer binds it to Micrometer. */
public interface FeedCounters {

    FeedCounters NONE = new FeedCounters() {
    };

    default void rejected(final String topic, final List<FieldError> reasons) {
    }

    default void duplicate(final String kind) {
    }

    default void corrected(final String kind) {
    }

    default void deleted(final String kind) {
    }
}
