package se.pks.stream.topology;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.MeasureValue;

/**
 * The one stateful step: per provider, the event ledger, the unit figures, the published figures with their plans
 * and deviations, and the data-quality register, all in one task. An event costs one repartition and the store
 * writes it needs; figures, deviations and register rows are published every flush interval, each only if it
 * changed since its last publication.
 */
final class FollowUpProcessor implements Processor<String, FollowUpInput, String, FollowUpOutput> {

    private final FollowUpSettings settings;
    private final FeedCounters counters;
    private ProcessorContext<String, FollowUpOutput> context;
    private EventLedger ledger;
    private UnitFigures figures;
    private PublishedFigures published;
    private FeedQualityRegister register;

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
        context.schedule(settings.flushInterval(), PunctuationType.WALL_CLOCK_TIME, this::publish);
    }

    @Override
    public void process(final Record<String, FollowUpInput> record) {
        switch (record.value()) {
            case FollowUpInput.Arrival arrival -> {
                register.observe(arrival.observation());
                ledger.accept(arrival.event(), change -> figures.apply(change, record.timestamp()),
                        register::observe);
            }
            case FollowUpInput.Observed observed -> register.observe(observed.observation());
            case FollowUpInput.PlanChange change -> published.plan(change.key(), change.plan(),
                    (key, deviation) -> forwardDeviation(key, deviation, record.timestamp()));
        }
    }

    private void publish(final long timestamp) {
        figures.publish(context.currentStreamTimeMs(), (key, value, receipt) -> published.offer(key, value, receipt,
                (figureKey, figure, newestReceipt) -> forwardFigure(figureKey, figure, newestReceipt, timestamp),
                (planKey, deviation) -> forwardDeviation(planKey, deviation, timestamp)));
        register.publish((key, row) -> forwardFeedQuality(key, row, timestamp));
    }

    private void forwardFigure(final String key, final MeasureValue value, final long receipt, final long timestamp) {
        final RecordHeaders headers = new RecordHeaders();
        if (receipt != UnitFigures.NO_RECEIPT) {
            ReceiptHeader.write(headers, receipt);
        }
        context.forward(new Record<>(key, new FollowUpOutput.FigureUpdate(value), timestamp, headers));
    }

    private void forwardDeviation(final String key, final Deviation deviation, final long timestamp) {
        context.forward(new Record<>(key, new FollowUpOutput.DeviationUpdate(deviation), timestamp,
                new RecordHeaders()));
    }

    private void forwardFeedQuality(final String key, final FeedQuality row, final long timestamp) {
        context.forward(new Record<>(key, new FollowUpOutput.FeedQualityUpdate(row), timestamp, new RecordHeaders()));
    }
}
