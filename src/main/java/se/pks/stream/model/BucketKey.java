package se.pks.stream.model;

import java.time.LocalDate;

/** One unit in one calendar period. Its string form sorts by granularity, then period. */
public record BucketKey(Granularity granularity, LocalDate periodStart, String unitId) {

    public String asString() {
        return granularity.name() + "|" + periodStart + "|" + unitId;
    }

    /** Key of one measure in this bucket, as used on the measure-values topic. */
    public String measureKey(final String measure) {
        return asString() + "|" + measure;
    }

    public static BucketKey parse(final String key) {
        final String[] parts = key.split("\\|", 3);
        return new BucketKey(Granularity.valueOf(parts[0]), LocalDate.parse(parts[1]), parts[2]);
    }
}
