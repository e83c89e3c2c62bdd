package se.pks.stream.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** Calendar periods that figures are bucketed into. Periods are local dates in the region's time zone. */
public enum Granularity {
    WEEK {
        @Override
        public LocalDate periodStart(final LocalDate date) {
            return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }

        @Override
        public LocalDate next(final LocalDate periodStart) {
            return periodStart.plusWeeks(1);
        }
    },
    MONTH {
        @Override
        public LocalDate periodStart(final LocalDate date) {
            return date.withDayOfMonth(1);
        }

        @Override
        public LocalDate next(final LocalDate periodStart) {
            return periodStart.plusMonths(1);
        }
    };

    /** The first day of the period that contains {@code date}: the ISO Monday for weeks, the 1st for months. */
    public abstract LocalDate periodStart(LocalDate date);

    /** The start of the period after the one starting at {@code periodStart}. */
    public abstract LocalDate next(LocalDate periodStart);

    public boolean isAligned(final LocalDate date) {
        return periodStart(date).equals(date);
    }
}
