package se.pks.stream.model;

/**
 * The data-quality register's counts for one unit's feed summed over the days of a period, as the deviations topic
 * carries them: records received, accepted (of which late), rejected, and the corrections and deletions of accepted
 * events. The same counts as {@link FeedQuality}, per period instead of per day.
 */
public record FeedRecords(Feed feed, long received, long accepted, long late, long rejected, long corrected,
                          long deleted) {

    public static FeedRecords none(final Feed feed) {
        return new FeedRecords(feed, 0, 0, 0, 0, 0, 0);
    }

    public FeedRecords plus(final FeedQuality day) {
        return new FeedRecords(feed, received + day.received(), accepted + day.accepted(), late + day.late(),
                rejected + day.rejected(), corrected + day.corrected(), deleted + day.deleted());
    }
}
