package se.pks.stream.topology;

/** Names of the state stores and internal topics; explicit names keep them stable across topology changes. */
public final class StoreNames {

    public static final String UNITS = "units";
    public static final String EVENT_LEDGER = "event-ledger";
    public static final String CENSUS_DAYS = "census-days";
    public static final String WAITING_ENTRIES = "waiting-entries";
    public static final String BUCKET_SUMS = "bucket-sums";
    public static final String DIRTY_BUCKETS = "dirty-buckets";
    public static final String WAITING_FLOWS = "waiting-flows";
    public static final String STOCK_DIRTY = "stock-dirty";
    public static final String STOCK_HORIZON = "stock-horizon";
    public static final String MEASURE_VALUES = "measure-values";
    public static final String PLANS = "plans";
    public static final String DEVIATIONS = "deviations";
    public static final String FEED_QUALITY = "feed-quality";
    /** Data-quality counts of the current flush interval, not yet repartitioned to the register. */
    public static final String FEED_QUALITY_PENDING = "feed-quality-pending";

    public static final String EVENTS_BY_IDENTITY = "events-by-identity";
    public static final String CHANGES_BY_UNIT = "changes-by-unit";
    public static final String FEED_QUALITY_BY_KEY = "feed-quality-by-key";

    private StoreNames() {
    }
}
