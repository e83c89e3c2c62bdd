package se.pks.stream.demo;

import java.time.LocalDate;

/**
 * What to generate: the random seed, the days to cover and a volume factor ({@code scale} 1.0 is the full demo
 * region; tests use small slices).
 */
public record DemoSettings(long seed, LocalDate firstDay, LocalDate lastDay, double scale) {

    public DemoSettings {
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException("lastDay " + lastDay + " is before firstDay " + firstDay);
        }
        if (!(scale > 0.0)) {
            throw new IllegalArgumentException("scale must be positive, was " + scale);
        }
    }

    /** The local run's region: from 1 January of last year up to {@code today}, so both years have plans. */
    public static DemoSettings defaults(final LocalDate today) {
        return new DemoSettings(42L, LocalDate.of(today.getYear() - 1, 1, 1), today, 1.0);
    }
}
