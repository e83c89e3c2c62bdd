package se.pks.stream.topology;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.topics.ReceiptHeader;

/**
 * What changed since the last publication: buckets (with the newest receipt among the events that changed them),
 * waiting lists (from the first period whose level changed) and data-quality rows. One store with a prefix per kind
 * rather than three, because every store adds a changelog partition to each exactly-once transaction.
 */
final class Unpublished {

    static final StringSerializer KEYS = new StringSerializer();
    private static final String BUCKET = "B|";
    private static final String STOCK = "S|";
    private static final String FEED_QUALITY = "Q|";
    private static final String REJECTION = "R";

    private final KeyValueStore<String, String> marks;

    Unpublished(final KeyValueStore<String, String> marks) {
        this.marks = marks;
    }

    void markBucket(final String bucket, final long receivedAt) {
        final String key = BUCKET + bucket;
        marks.put(key, ReceiptHeader.newer(marks.get(key), receivedAt));
    }

    void markStockFrom(final String series, final LocalDate periodStart) {
        final String key = STOCK + series;
        final String from = marks.get(key);
        if (from == null || periodStart.isBefore(LocalDate.parse(from))) {
            marks.put(key, periodStart.toString());
        }
    }

    /**
     * Marks a data-quality row as changed; a rejection marks it "R" until it is published, since a rejected record
     * changes no figure and the deviations of its day must be republished for it (DeviationDeficiencies).
     */
    void markFeedQuality(final String row, final boolean rejection) {
        if (rejection) {
            marks.put(FEED_QUALITY + row, REJECTION);
        } else {
            marks.putIfAbsent(FEED_QUALITY + row, "");
        }
    }

    static boolean hasRejection(final String mark) {
        return REJECTION.equals(mark);
    }

    /** Changed buckets and the newest receipt behind each, keys without the prefix. */
    List<KeyValue<String, String>> buckets() {
        return entries(BUCKET);
    }

    /** Changed waiting lists (unit|granularity) and the first period to publish. */
    List<KeyValue<String, String>> stocks() {
        return entries(STOCK);
    }

    /** Changed data-quality rows (provider|unit|feed|day), marked "R" when a record of the row was rejected. */
    List<KeyValue<String, String>> feedQualityRows() {
        return entries(FEED_QUALITY);
    }

    void bucketPublished(final String bucket) {
        marks.delete(BUCKET + bucket);
    }

    void stockPublished(final String series) {
        marks.delete(STOCK + series);
    }

    void feedQualityPublished(final String row) {
        marks.delete(FEED_QUALITY + row);
    }

    static long receiptOf(final String mark) {
        try {
            return mark == null || mark.isEmpty() ? UnitFigures.NO_RECEIPT : Long.parseLong(mark);
        } catch (final NumberFormatException e) {
            return UnitFigures.NO_RECEIPT;
        }
    }

    /** Copied first, since the entries are deleted while being published. */
    private List<KeyValue<String, String>> entries(final String prefix) {
        final List<KeyValue<String, String>> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> iterator = marks.prefixScan(prefix, KEYS)) {
            iterator.forEachRemaining(entry -> entries.add(KeyValue.pair(entry.key.substring(prefix.length()),
                    entry.value)));
        }
        return entries;
    }
}
