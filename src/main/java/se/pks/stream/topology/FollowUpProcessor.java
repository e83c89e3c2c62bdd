package se.pks.stream.topology;

import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.topics.ReceiptHeader;

/**
 * The one stateful step: per provider, the event ledger, the unit figures, the published figures with their plans
 * and deviations, and the data-quality register, all in one task. An event costs one repartition and the store
 * writes it needs; figures, deviations and register rows are published every flush interval, each only if it
 * changed since its last publication.
 *
 * <p>Publishing by need: while a task catches up (more than {@code catchUp.recordsPerFlush} records in a flush
 * interval: a replay, a region's history, a wave of corrections) it publishes every {@code catchUp.flushInterval}
 * instead, so that a figure that changes with every record of its week is written a few times rather than once per
 * flush interval for as long as its week is being read. A task that keeps reading records received more than {@code
 * catchUp.behind} ago is catching up too, however slowly it reads, until a flush interval brings nothing (the backlog
 * drained). Live traffic stays below the threshold and keeps its latency.
 * What changed is kept in state either way; only when it is published depends on the rate, so the figures do not.
 */
final class FollowUpProcessor implements Processor<String, FollowUpInput, String, FollowUpOutput> {

    private final FollowUpSettings settings;
    private final FeedCounters counters;
    private ProcessorContext<String, FollowUpOutput> context;
    private EventLedger ledger;
    private UnitFigures figures;
    private PublishedFigures published;
    private FeedQualityRegister register;
    private DeviationDeficiencies deficiencies;
    /** Records since the last publication and when that was: in memory, since they only pace publication. */
    private long sincePublication;
    private long lastPublication = Long.MIN_VALUE;
    /**
     * Whether records came since the previous flush interval and when the newest of them was received (its timestamp):
     * history that is still flowing means catching up; once it stops, the backlog is drained and figures settle.
     */
    private boolean arrivedSinceFlush;
    private long newestSinceFlush = Long.MIN_VALUE;
    /** Whether anything was forwarded since the last commit request. */
    private boolean forwarded;
    /**
     * The providers of this task seen sending on their own topics since the start: their data-quality rows go to their
     * own topics too. In memory: after a restart a provider's rows change only through its records, which bring the
     * mark again before the rows are published (rows changed only by its records over HTTP wait for the next one).
     */
    private final Set<String> boundProviders = new HashSet<>();

    FollowUpProcessor(final FollowUpSettings settings, final FeedCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    @Override
    public void init(final ProcessorContext<String, FollowUpOutput> context) {
        this.context = context;
        final FollowUpStores stores = FollowUpStores.of(context);
        final Unpublished unpublished = new Unpublished(stores.unpublished());
        ledger = new EventLedger(stores.ledger(), counters, settings.zone());
        figures = new UnitFigures(settings, stores, unpublished);
        published = new PublishedFigures(stores.published(), stores.plans());
        register = new FeedQualityRegister(stores.feedQuality(), unpublished);
        deficiencies = new DeviationDeficiencies(stores.feedQuality(), UnitLookup.from(context));
        context.schedule(settings.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::publish);
    }

    @Override
    public void process(final Record<String, FollowUpInput> record) {
        if (ProviderTopicHeader.isMarked(record.headers())) {
            boundProviders.add(record.key());
        }
        switch (record.value()) {
            case FollowUpInput.Arrival arrival -> {
                register.observe(arrival.observation());
                ledger.accept(arrival.event(), change -> figures.apply(change, record.timestamp()),
                        register::observe);
            }
            case FollowUpInput.Observed observed -> register.observe(observed.observation());
            case FollowUpInput.PlanChange change -> published.plan(change.key(), change.plan(),
                    (key, deviation) -> forwardDeviation(key, deviation, record.timestamp()));
            case FollowUpInput.Tick ignored -> {
                // Its timestamp has already moved this task's stream time; that is all a tick is for.
                return;
            }
        }
        sincePublication++;
        arrivedSinceFlush = true;
        newestSinceFlush = Math.max(newestSinceFlush, record.timestamp());
    }

    private void publish(final long timestamp) {
        final boolean catchingUp = catchingUp(timestamp);
        arrivedSinceFlush = false;
        newestSinceFlush = Long.MIN_VALUE;
        if (catchingUp) {
            return;
        }
        sincePublication = 0;
        lastPublication = timestamp;
        // Each deviation once per publication, though its figure may change and a record of its period be rejected.
        final Set<String> deviations = new HashSet<>();
        deficiencies.beginPublication();
        try {
            figures.publish(context.currentStreamTimeMs(), (key, value, receipt) -> published.offer(key, value, receipt,
                    (figureKey, figure, newestReceipt) -> forwardFigure(figureKey, figure, newestReceipt, timestamp),
                    (planKey, deviation) -> {
                        deviations.add(planKey);
                        forwardDeviation(planKey, deviation, timestamp);
                    }));
            register.publish((key, row, rejection) -> {
                forwardFeedQuality(key, row, timestamp);
                if (rejection) {
                    published.registerChanged(row.unitId(), row.feed(), row.day(), deviations,
                            (planKey, deviation) -> forwardDeviation(planKey, deviation, timestamp));
                }
            });
        } finally {
            deficiencies.endPublication();
        }
        if (forwarded) {
            // Live: make what was just published visible now rather than at the next commit interval.
            context.commit();
            forwarded = false;
        }
    }

    /**
     * True while the catch-up interval has not passed yet and records either pour in faster than live traffic does, or
     * still flow but are all history (received long ago: a replay on a machine too busy to pour). A flush interval
     * without records means the backlog is drained, and what it changed is published at once.
     */
    private boolean catchingUp(final long now) {
        if (lastPublication == Long.MIN_VALUE) {
            return false;
        }
        final long elapsed = now - lastPublication;
        if (elapsed >= settings.catchUp().flushInterval().toMillis()) {
            return false;
        }
        final long intervals = Math.max(1, elapsed / Math.max(1, settings.flushInterval().toMillis()));
        return sincePublication > settings.catchUp().recordsPerFlush() * intervals
                || arrivedSinceFlush && settings.catchUp().isHistory(newestSinceFlush, now);
    }

    private void forwardFigure(final String key, final MeasureValue value, final long receipt, final long timestamp) {
        forwarded = true;
        final RecordHeaders headers = new RecordHeaders();
        if (receipt != UnitFigures.NO_RECEIPT) {
            ReceiptHeader.write(headers, receipt);
        }
        context.forward(new Record<>(key, new FollowUpOutput.FigureUpdate(value), timestamp, headers));
    }

    private void forwardDeviation(final String key, final Deviation deviation, final long timestamp) {
        forwarded = true;
        context.forward(new Record<>(key, new FollowUpOutput.DeviationUpdate(
                deviation == null ? null : deficiencies.describe(deviation)), timestamp, new RecordHeaders()));
    }

    private void forwardFeedQuality(final String key, final FeedQuality row, final long timestamp) {
        forwarded = true;
        context.forward(new Record<>(key, new FollowUpOutput.FeedQualityUpdate(row,
                boundProviders.contains(row.providerId())), timestamp, new RecordHeaders()));
    }
}
