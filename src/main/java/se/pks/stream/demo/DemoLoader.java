package se.pks.stream.demo;

import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces a demo region to Kafka, each record stamped with the time its sender sent it, so that lateness and
 * periods come out as they would from real feeds.
 */
public final class DemoLoader {

    private DemoLoader() {
    }

    /** Sends every record of {@code region} in produce order and waits until all are acknowledged. */
    public static int load(final DemoRegion region, final Producer<String, String> producer) {
        final List<DemoRecord> records = region.records();
        for (final DemoRecord record : records) {
            producer.send(new ProducerRecord<>(record.topic(), null, record.receivedAt().toEpochMilli(), record.key(),
                    record.json()));
        }
        producer.flush();
        return records.size();
    }
}
