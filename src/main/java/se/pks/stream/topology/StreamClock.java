package se.pks.stream.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import se.pks.stream.model.Granularity;

/**
 * Passes records on unchanged and announces to every follow-up task when this task's stream time enters a new week or
 * month.
 *
 * <p>Waiting-list levels are carried forward up to the current period, and "current" is stream time, which Kafka
 * Streams keeps per task. Without a shared clock a provider whose partition holds nobody else would keep last
 * month's level until it reports again, while every other list moved on: the same region's figures would depend on
 * how providers happen to hash onto partitions. A {@link FollowUpInput.Tick} carries this task's stream time as its
 * record timestamp to every partition of the repartition ({@link ProviderPartitioner}), so each follow-up task's
 * stream time is the newest record seen by any task. A tick per period change and input task costs a few hundred
 * records a year; an announcement repeated after a restart only advances clocks that are already there.
 */
final class StreamClock implements Processor<String, FollowUpInput, String, FollowUpInput> {

    /** The key of a tick: any non-null value, since the partitioner sends ticks everywhere. */
    static final String TICK_KEY = "";

    private final ZoneId zone;
    private ProcessorContext<String, FollowUpInput> context;
    /** The last day announced: in memory, since announcing again is harmless. */
    private LocalDate announced;

    StreamClock(final ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void init(final ProcessorContext<String, FollowUpInput> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, FollowUpInput> record) {
        context.forward(record);
        final long streamTime = context.currentStreamTimeMs();
        if (streamTime < 0) {
            return;
        }
        final LocalDate today = Contributions.localDay(Instant.ofEpochMilli(streamTime), zone);
        if (announced == null || entersNewPeriod(today)) {
            announced = today;
            context.forward(new Record<>(TICK_KEY, new FollowUpInput.Tick(), streamTime));
        }
    }

    private boolean entersNewPeriod(final LocalDate today) {
        for (final Granularity granularity : Granularity.values()) {
            if (granularity.periodStart(today).isAfter(granularity.periodStart(announced))) {
                return true;
            }
        }
        return false;
    }
}
