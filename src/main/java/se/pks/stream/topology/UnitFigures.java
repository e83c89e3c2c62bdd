package se.pks.stream.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import se.pks.stream.model.BedCensus;
import se.pks.stream.model.BucketKey;
import se.pks.stream.model.Discharge;
import se.pks.stream.model.EventChange;
import se.pks.stream.model.EventDeletion;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Measure;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Operation;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.model.Visit;
import se.pks.stream.model.WaitingListChange;

/**
 * Keeps every unit's figures per week and month up to date as events come, go and change.
 *
 * <p>Each change retracts what the old version contributed and adds what the new one contributes, so late events,
 * corrections and deletions all land in the period they belong to. Changed periods are only marked ({@link
 * Unpublished}); {@link #publish} derives their figures when the processor publishes, so a burst of a thousand visits
 * in one week yields one update, not a thousand. The marks are a state store, so a crash between a change and its
 * publication loses nothing under exactly-once.
 *
 * <p>The waiting list's measures are levels, not sums within the period: an entry added in March is still waiting in
 * June. They are kept as +1/-1 flows per period and published as running totals from the first period up to the
 * current one ("current" = the period of stream time, which {@link StreamClock} makes the newest record seen by
 * any task, not only by this one).
 */
final class UnitFigures {

    /** Receives each figure derived at publication; a null value means the figure is not defined (a tombstone). */
    interface FigureOut {
        void figure(String key, MeasureValue value, long receipt);
    }

    static final long NO_RECEIPT = -1;

    private final FollowUpSettings settings;
    private final ZoneId zone;
    private final KeyValueStore<String, CensusDay> censusDays;
    private final KeyValueStore<String, WaitingEntry> waitingEntries;
    private final KeyValueStore<String, BucketSums> bucketSums;
    private final KeyValueStore<String, BucketSums> waitingFlows;
    private final KeyValueStore<String, String> stockHorizon;
    private final Unpublished unpublished;
    /** Kafka timestamp (= receipt) of the event being applied: what a changed figure's latency is measured from. */
    private long receivedAt = NO_RECEIPT;
    /**
     * Newest receipt per changed waiting list. Only in memory: after a crash the republished levels lack the header,
     * and the sink then measures them from their publication, which is a fair price for not widening a store.
     */
    private final Map<String, Long> stockReceipts = new HashMap<>();

    UnitFigures(final FollowUpSettings settings, final FollowUpStores stores, final Unpublished unpublished) {
        this.settings = settings;
        this.zone = settings.zone();
        this.censusDays = stores.censusDays();
        this.waitingEntries = stores.waitingEntries();
        this.bucketSums = stores.bucketSums();
        this.waitingFlows = stores.waitingFlows();
        this.stockHorizon = stores.stockHorizon();
        this.unpublished = unpublished;
    }

    void apply(final EventChange change, final long receivedAtMs) {
        receivedAt = receivedAtMs;
        final NetDeltas deltas = new NetDeltas();
        if (change.before() != null) {
            apply(change.before(), -1, deltas);
        }
        if (change.after() != null) {
            apply(change.after(), +1, deltas);
        }
        deltas.sums().forEach(this::addToBucket);
        deltas.flows().forEach(this::addToWaitingFlow);
    }

    private void apply(final ProviderEvent event, final int sign, final NetDeltas deltas) {
        final String unit = event.header().unitId();
        switch (event) {
            case Visit visit -> deltas.add(unit, Contributions.of(visit, zone), sign);
            case Operation operation -> deltas.add(unit, Contributions.of(operation, zone), sign);
            case Discharge discharge -> deltas.add(unit, Contributions.of(discharge, zone), sign);
            case BedCensus census -> updateCensusDay(unit, census, sign, deltas);
            case WaitingListChange change -> updateWaitingEntry(unit, change, sign, deltas);
            case EventDeletion ignored -> {
                // The ledger turns deletions into the retraction of the stored version; none arrive here.
            }
        }
    }

    private void updateCensusDay(final String unit, final BedCensus census, final int sign, final NetDeltas deltas) {
        final String key = unit + "|" + Contributions.localDay(census.header().occurredAt(), zone);
        final CensusDay before = orElse(censusDays.get(key), CensusDay.empty());
        final CensusDay after = sign > 0 ? before.with(census) : before.without(census);
        deltas.add(unit, before.contributions(zone), -1);
        deltas.add(unit, after.contributions(zone), +1);
        if (after.isEmpty()) {
            censusDays.delete(key);
        } else {
            censusDays.put(key, after);
        }
    }

    private void updateWaitingEntry(final String unit, final WaitingListChange change, final int sign,
                                    final NetDeltas deltas) {
        final String key = change.entryKey();
        final WaitingEntry before = orElse(waitingEntries.get(key), WaitingEntry.empty());
        final WaitingEntry after = sign > 0 ? before.with(change) : before.without(change);
        deltas.add(unit, before.contributions(zone, settings.guaranteeLimitDays()), -1);
        deltas.add(unit, after.contributions(zone, settings.guaranteeLimitDays()), +1);
        if (after.isEmpty()) {
            waitingEntries.delete(key);
        } else {
            waitingEntries.put(key, after);
        }
    }

    /** A bucket whose sums do not change is neither written nor marked: its published figures still hold. */
    private void addToBucket(final BucketKey key, final Map<Component, Long> amounts) {
        final String bucket = key.asString();
        final BucketSums current = orElse(bucketSums.get(bucket), BucketSums.empty());
        if (current.unchangedBy(amounts)) {
            return;
        }
        bucketSums.put(bucket, current.plusAll(amounts));
        unpublished.markBucket(bucket, receivedAt);
    }

    private void addToWaitingFlow(final BucketKey key, final Map<Component, Long> amounts) {
        final String series = key.unitId() + "|" + key.granularity().name();
        final String flowKey = series + "|" + key.periodStart();
        final BucketSums current = orElse(waitingFlows.get(flowKey), BucketSums.empty());
        if (current.unchangedBy(amounts)) {
            return;
        }
        waitingFlows.put(flowKey, current.plusAll(amounts));
        stockReceipts.merge(series, receivedAt, Math::max);
        unpublished.markStockFrom(series, key.periodStart());
    }

    /**
     * Derives the figures of every changed bucket and of every waiting list whose level changed or whose period moved
     * on.
     */
    void publish(final long streamTimeMs, final FigureOut out) {
        publishChangedBuckets(out);
        if (streamTimeMs < 0) {
            return;
        }
        final LocalDate today = Contributions.localDay(Instant.ofEpochMilli(streamTimeMs), zone);
        markStocksBehindStreamTime(today);
        publishChangedStocks(today, out);
    }

    private void publishChangedBuckets(final FigureOut out) {
        for (final KeyValue<String, String> dirty : unpublished.buckets()) {
            final BucketKey bucket = BucketKey.parse(dirty.key);
            final BucketSums sums = bucketSums.get(dirty.key);
            final long receipt = Unpublished.receiptOf(dirty.value);
            for (final Map.Entry<Measure, Figure> figure : MeasureDerivation.derive(sums).entrySet()) {
                out.figure(bucket.measureKey(figure.getKey().id()), valueOf(bucket, figure.getKey(), figure.getValue()),
                        receipt);
            }
            unpublished.bucketPublished(dirty.key);
        }
    }

    /** When stream time enters a new period, every waiting list carries its level into it. */
    private void markStocksBehindStreamTime(final LocalDate today) {
        try (KeyValueIterator<String, String> horizons = stockHorizon.all()) {
            while (horizons.hasNext()) {
                final KeyValue<String, String> horizon = horizons.next();
                final Granularity granularity =
                        Granularity.valueOf(horizon.key.substring(horizon.key.lastIndexOf('|') + 1));
                final LocalDate last = LocalDate.parse(horizon.value);
                if (last.isBefore(granularity.periodStart(today))) {
                    unpublished.markStockFrom(horizon.key, granularity.next(last));
                }
            }
        }
    }

    /**
     * Derives the levels of each changed waiting list from the first changed period up to the current one. Levels
     * of later periods are not published before stream time reaches them: the future is not known yet.
     */
    private void publishChangedStocks(final LocalDate today, final FigureOut out) {
        for (final KeyValue<String, String> dirty : unpublished.stocks()) {
            final int split = dirty.key.lastIndexOf('|');
            final String unit = dirty.key.substring(0, split);
            final Granularity granularity = Granularity.valueOf(dirty.key.substring(split + 1));
            final TreeMap<LocalDate, BucketSums> flows = flowsOf(dirty.key);
            final LocalDate from = LocalDate.parse(dirty.value);
            final LocalDate end = granularity.periodStart(today);
            final Long receipt = stockReceipts.remove(dirty.key);
            BucketSums levels = BucketSums.empty();
            for (LocalDate period = flows.isEmpty() ? end.plusDays(1) : flows.firstKey(); !period.isAfter(end);
                    period = granularity.next(period)) {
                levels = levels.plusAll(flows.get(period));
                if (!period.isBefore(from)) {
                    final BucketKey bucket = new BucketKey(granularity, period, unit);
                    final LocalDate periodEnd = granularity.next(period).minusDays(1);
                    for (final Map.Entry<Measure, Figure> figure
                            : MeasureDerivation.deriveLevels(levels, periodEnd).entrySet()) {
                        out.figure(bucket.measureKey(figure.getKey().id()),
                                valueOf(bucket, figure.getKey(), figure.getValue()),
                                receipt == null ? NO_RECEIPT : receipt);
                    }
                }
            }
            stockHorizon.put(dirty.key, end.toString());
            unpublished.stockPublished(dirty.key);
        }
    }

    private TreeMap<LocalDate, BucketSums> flowsOf(final String series) {
        final TreeMap<LocalDate, BucketSums> flows = new TreeMap<>();
        try (KeyValueIterator<String, BucketSums> iterator = waitingFlows.prefixScan(series + "|",
                Unpublished.KEYS)) {
            iterator.forEachRemaining(flow ->
                    flows.put(LocalDate.parse(flow.key.substring(series.length() + 1)), flow.value));
        }
        return flows;
    }

    /** An undefined figure (a rate that lost its denominator) is null, so that it disappears downstream. */
    private static MeasureValue valueOf(final BucketKey bucket, final Measure measure, final Figure figure) {
        return !figure.isDefined() ? null
                : new MeasureValue(bucket.granularity(), bucket.periodStart(), bucket.unitId(), measure.id(),
                        figure.value(), figure.numerator(), figure.denominator());
    }

    private static <V> V orElse(final V value, final V fallback) {
        return value == null ? fallback : value;
    }
}
