package se.pks.stream.topology;

/**
 * Names of the state stores and internal topics; explicit names keep them stable across topology changes.
 *
 * <p>The stores of the one-hop topology (2026-12) have names of their own, none shared with the earlier five-step
 * topology: their keys live in other partitions (by provider instead of by event identity or unit), so an earlier
 * changelog must never be restored into them. An upgrade starts under a new application id and replays the event
 * topics (docs/operations.md, "Upgrading to the one-hop topology").
 */
public final class StoreNames {

    public static final String UNITS = "units";
    /** Current version of every event by provider|eventId. */
    public static final String EVENT_LEDGER = "ledger";
    public static final String CENSUS_DAYS = "census-by-day";
    public static final String WAITING_ENTRIES = "waiting-list-entries";
    public static final String BUCKET_SUMS = "period-sums";
    public static final String WAITING_FLOWS = "waiting-list-flows";
    /** Per waiting list (unit|granularity), the last period whose level was published. */
    public static final String STOCK_HORIZON = "waiting-list-horizon";
    /** What changed since the last publication: buckets, waiting lists, data-quality rows. */
    public static final String UNPUBLISHED = "unpublished";
    /** The last published value of every figure: what deviations compare with and what a new value must differ from. */
    public static final String PUBLISHED_FIGURES = "published-figures";
    /** Plan rows by the key of the figure they plan (granularity|periodStart|unitId|measure): one read per figure. */
    public static final String PLANS = "plans-by-figure";
    /** The data-quality register: per provider|unit|feed|day, the counts so far. */
    public static final String FEED_QUALITY = "feed-quality-register";

    /** The one repartition: events, observations and plans by provider. */
    public static final String BY_PROVIDER = "follow-up-by-provider";

    private StoreNames() {
    }
}
