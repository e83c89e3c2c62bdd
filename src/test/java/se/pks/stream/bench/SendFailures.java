package se.pks.stream.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Counts the records the broker did not store. The benchmark writes its raw events and plans to files for the SQL
 * peer as it sends them, so a record the broker refused (a batch failed with OUT_OF_ORDER_SEQUENCE_NUMBER right after
 * the topics were created once lost 1,633 plan rows) would show as "differing rows" of the service: the run stops
 * instead.
 */
final class SendFailures implements Callback {

    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> first = new AtomicReference<>();

    @Override
    public void onCompletion(final RecordMetadata metadata, final Exception exception) {
        if (exception != null) {
            failed.incrementAndGet();
            first.compareAndSet(null, exception);
        }
    }

    /** Call after the producer's flush: throws when any record sent so far was not stored. */
    void check(final String what) {
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records of " + what + " were not stored by the broker,"
                    + " so the service never read them and the comparison with the SQL peer would be wrong; first: "
                    + first.get(), first.get());
        }
    }
}
