package se.pks.stream.topics;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Remembers what recent byte arrays decoded to. The stream looks up an event's unit in the unit register's global
 * table for every event, and the table hands it the unit as bytes each time: parsing and validating the unit's JSON
 * again was about 8 % of the stream thread's time in a replay. Entries are keyed by the bytes themselves, so none can
 * be stale (a changed unit has other bytes), and only what decoded successfully is kept (bytes that are refused are
 * refused again). Values must be immutable.
 */
final class DecodedByContent<T> implements Deserializer<T> {

    /** Far more than a country's units; when full it starts over, which costs one decoding per unit. */
    private static final int MAX_ENTRIES = 20_000;

    private final Deserializer<T> decoder;
    private final Map<Content, T> decoded = new ConcurrentHashMap<>();

    DecodedByContent(final Deserializer<T> decoder) {
        this.decoder = decoder;
    }

    @Override
    public T deserialize(final String topic, final byte[] bytes) {
        if (bytes == null) {
            return decoder.deserialize(topic, null);
        }
        final T known = decoded.get(new Content(bytes));
        if (known != null) {
            return known;
        }
        final T value = decoder.deserialize(topic, bytes);
        if (value != null) {
            if (decoded.size() >= MAX_ENTRIES) {
                decoded.clear();
            }
            // a copy: the caller may reuse its array
            decoded.put(new Content(bytes.clone()), value);
        }
        return value;
    }

    /** Bytes compared by content. */
    private static final class Content {

        private final byte[] bytes;
        private final int hash;

        Content(final byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Content content && content.hash == hash && Arrays.equals(content.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
