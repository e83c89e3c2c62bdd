package se.pks.stream.topology;

import java.util.List;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FieldError;

/** What the stream tells the metrics about the feeds; the Quarkus layer binds it to Micrometer. */
public interface FeedCounters {

    FeedCounters NONE = new FeedCounters() {
    };

    /** A record of a topic was refused, for these reasons. */
    default void rejected(final String topic, final List<FieldError> reasons) {
    }

    /** What happened to an event, per provider and feed: the same observation the data-quality register counts. */
    default void observed(final FeedObservation observation) {
    }
}
