package se.pks.stream.alerts;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/**
 * The weeks one evaluation looks at: complete ISO weeks only (a week still under way is always behind its plan), the
 * latest of them and a few before it, so late events that change an earlier week still count.
 */
public record EvaluationWindow(LocalDate today, LocalDate firstWeek, LocalDate latestWeek) {

    static final int WEEKS = 8;

    public static EvaluationWindow asOf(final LocalDate today) {
        final LocalDate latest = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        return new EvaluationWindow(today, latest.minusWeeks(WEEKS - 1), latest);
    }
}
