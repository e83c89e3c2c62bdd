package se.pks.stream.topology;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FeedQuality;

/**
 * The data-quality register: per provider, unit, feed and day, what arrived and what became of it. Rows are counted
 * as observations come and published when the processor publishes, one record per changed row.
 */
final class FeedQualityRegister {

    /** Receives a changed row and whether a record of it was rejected since the last publication. */
    interface ChangedRow {
        void row(String key, FeedQuality row, boolean rejection);
    }

    private final KeyValueStore<String, FeedQuality> rows;
    private final Unpublished unpublished;

    FeedQualityRegister(final KeyValueStore<String, FeedQuality> rows, final Unpublished unpublished) {
        this.rows = rows;
        this.unpublished = unpublished;
    }

    void observe(final FeedObservation observation) {
        final String key = observation.key();
        final FeedQuality counted = rows.get(key);
        rows.put(key, (counted == null ? FeedQuality.empty(observation) : counted).plus(observation));
        unpublished.markFeedQuality(key, observation.outcome() == FeedObservation.Outcome.REJECTED);
    }

    void publish(final ChangedRow out) {
        for (final KeyValue<String, String> row : unpublished.feedQualityRows()) {
            out.row(row.key, rows.get(row.key), Unpublished.hasRejection(row.value));
            unpublished.feedQualityPublished(row.key);
        }
    }
}
