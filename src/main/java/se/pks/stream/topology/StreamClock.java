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
    /**
     * When stream time next enters a new week or month (epoch ms), so that a record costs one comparison and the
     * calendar is only consulted at a change; in memory, since announcing again after a restart is harmless.
     */
    private long nextAnnouncement = Long.MIN_VALUE;

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
        if (streamTime < 0 || streamTime < nextAnnouncement) {
            return;
        }
        context.forward(new Record<>(TICK_KEY, new FollowUpInput.Tick(), streamTime));
        nextAnnouncement = nextPeriodStart(Contributions.localDay(Instant.ofEpochMilli(streamTime), zone));
    }

    /** The first moment after {@code today}'s week and month at which either of them changes. */
    private long nextPeriodStart(final LocalDate today) {
        LocalDate next = LocalDate.MAX;
        for (final Granularity granularity : Granularity.values()) {
            final LocalDate start = granularity.next(granularity.periodStart(today));
            next = start.isBefore(next) ? start : next;
        }
        return next.atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
