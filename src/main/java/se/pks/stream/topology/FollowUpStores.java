package se.pks.stream.topology;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.ProviderEvent;

/** The state of the follow-up processor: every store lives in the one task that owns a provider's events. */
record FollowUpStores(
        KeyValueStore<String, ProviderEvent> ledger,
        KeyValueStore<String, CensusDay> censusDays,
        KeyValueStore<String, WaitingEntry> waitingEntries,
        KeyValueStore<String, BucketSums> bucketSums,
        KeyValueStore<String, BucketSums> waitingFlows,
        KeyValueStore<String, String> stockHorizon,
        KeyValueStore<String, String> unpublished,
        KeyValueStore<String, MeasureValue> published,
        KeyValueStore<String, PlanRows> plans,
        KeyValueStore<String, FeedQuality> feedQuality) {

    /** The store names in the order the processor is connected to them. */
    static final String[] NAMES = {StoreNames.EVENT_LEDGER, StoreNames.CENSUS_DAYS, StoreNames.WAITING_ENTRIES,
            StoreNames.BUCKET_SUMS, StoreNames.WAITING_FLOWS, StoreNames.STOCK_HORIZON, StoreNames.UNPUBLISHED,
            StoreNames.PUBLISHED_FIGURES, StoreNames.PLANS, StoreNames.FEED_QUALITY};

    static FollowUpStores of(final ProcessingContext context) {
        return new FollowUpStores(context.getStateStore(StoreNames.EVENT_LEDGER),
                context.getStateStore(StoreNames.CENSUS_DAYS), context.getStateStore(StoreNames.WAITING_ENTRIES),
                context.getStateStore(StoreNames.BUCKET_SUMS), context.getStateStore(StoreNames.WAITING_FLOWS),
                context.getStateStore(StoreNames.STOCK_HORIZON), context.getStateStore(StoreNames.UNPUBLISHED),
                context.getStateStore(StoreNames.PUBLISHED_FIGURES), context.getStateStore(StoreNames.PLANS),
                context.getStateStore(StoreNames.FEED_QUALITY));
    }
}
