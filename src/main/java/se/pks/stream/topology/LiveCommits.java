package se.pks.stream.topology;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Passes records on unchanged and asks for an early commit while traffic is live. Under exactly-once a record reaches
 * the next step only when its task commits, and each commit is a transaction with the broker. Kafka Streams commits
 * every {@code commit.interval.ms} (1 s), which lets a replay put thousands of records into each transaction; a task
 * that saw only a trickle in the last {@code interval} (at most {@code liveRecords}), received within {@code catchUp.behind} of
 * now, asks for a commit at once, so a live event waits at most {@code interval} for its commit. A replay on a busy
 * machine can read fewer than {@code liveRecords} an interval, but its records were received long ago, so it is left
 * to the commit interval too. Only when commits happen depends on this, never what they
 * hold, so the figures are the same either way.
 */
final class LiveCommits<V> implements Processor<String, V, String, V> {

    private final Duration interval;
    private final long liveRecords;
    private final FollowUpSettings.CatchUp catchUp;
    private ProcessorContext<String, V> context;
    /** Records since the last check and when the newest of them was received: in memory, they only pace commits. */
    private long records;
    private long newest = Long.MIN_VALUE;

    /** Commits within {@code catchUp.liveCommitInterval}, for as many records as live traffic brings in that time. */
    LiveCommits(final FollowUpSettings.CatchUp catchUp, final Duration flushInterval) {
        this.interval = catchUp.liveCommitInterval();
        this.liveRecords = catchUp.liveRecordsPerCommit(flushInterval);
        this.catchUp = catchUp;
    }

    @Override
    public void init(final ProcessorContext<String, V> context) {
        this.context = context;
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (records > 0 && records <= liveRecords && !catchUp.isHistory(newest, now)) {
                context.commit();
            }
            records = 0;
            newest = Long.MIN_VALUE;
        });
    }

    @Override
    public void process(final Record<String, V> record) {
        records++;
        newest = Math.max(newest, record.timestamp());
        context.forward(record);
    }
}
