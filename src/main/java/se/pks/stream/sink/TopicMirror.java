package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.topics.Topic;

/** One output topic mirrored into one table. */
interface TopicMirror {

    Topic<String, ?> topic();

    /** Whether only the last record per key in a batch matters (true for tables of latest values). */
    default boolean latestPerKeyOnly() {
        return true;
    }

    /**
     * Writes one batch: an upsert for a value, a delete for a tombstone. Writing the
     * same record twice gives the same row, which is what makes the sink safe to replay.
     */
    int write(Connection connection, Collection<ConsumerRecord<String, byte[]>> records) throws SQLException;

    /** The record's value, read with the topic's serde. */
    static <V> V value(final Topic<String, V> topic, final ConsumerRecord<String, byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
    }
}
