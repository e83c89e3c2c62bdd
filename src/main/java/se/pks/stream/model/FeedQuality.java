package se.pks.stream.model;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data-quality register's row for one provider, unit, feed and day, on {@code <application id>.feed-quality.v1}:
 * how many records arrived and what became of them, with the rejections counted by reason. Totals, not increments.
 */
public record FeedQuality(String providerId, String unitId, Feed feed, LocalDate day, long received, long accepted,
                          long rejected, long duplicates, long corrected, long deleted, long late,
                          Map<String, Long> rejectionReasons) {

    public static FeedQuality empty(final FeedObservation first) {
        return new FeedQuality(first.providerId(), first.unitId(), first.feed(), first.day(), 0, 0, 0, 0, 0, 0, 0,
                new TreeMap<>());
    }

    /** Records that arrive are received once; duplicates, corrections and deletions were received as well. */
    public FeedQuality plus(final FeedObservation observation) {
        final Map<String, Long> reasons = new TreeMap<>(rejectionReasons);
        long receivedNow = received;
        long acceptedNow = accepted;
        long rejectedNow = rejected;
        long duplicatesNow = duplicates;
        long correctedNow = corrected;
        long deletedNow = deleted;
        long lateNow = late;
        switch (observation.outcome()) {
            case ACCEPTED -> {
                receivedNow++;
                acceptedNow++;
            }
            case ACCEPTED_LATE -> {
                receivedNow++;
                acceptedNow++;
                lateNow++;
            }
            case REJECTED -> {
                receivedNow++;
                rejectedNow++;
                reasons.merge(observation.reason(), 1L, Long::sum);
            }
            case DUPLICATE -> duplicatesNow++;
            case CORRECTED -> correctedNow++;
            case DELETED -> deletedNow++;
        }
        return new FeedQuality(providerId, unitId, feed, day, receivedNow, acceptedNow, rejectedNow, duplicatesNow,
                correctedNow, deletedNow, lateNow, reasons);
    }

    /** Adds another count of the same row, e.g. the counts of one flush interval. */
    public FeedQuality plus(final FeedQuality other) {
        final Map<String, Long> reasons = new TreeMap<>(rejectionReasons);
        other.rejectionReasons().forEach((reason, count) -> reasons.merge(reason, count, Long::sum));
        return new FeedQuality(providerId, unitId, feed, day, received + other.received(),
                accepted + other.accepted(), rejected + other.rejected(), duplicates + other.duplicates(),
                corrected + other.corrected(), deleted + other.deleted(), late + other.late(), reasons);
    }

    public String key() {
        return String.join("|", providerId, unitId, feed.name(), day.toString());
    }
}
