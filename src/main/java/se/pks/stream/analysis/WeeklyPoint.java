package se.pks.stream.analysis;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One week's value of one measure for one unit, the input of an SPC chart. Low-production weeks (summer, Christmas,
 * Easter) are flagged so that they can be plotted without distorting the limits that normal weeks are judged by; such
 * a week is judged against its own planned level instead.
 *
 * @param plannedLevel the week's planned value, read only for a low-production week (null: no plan, not judged)
 */
public record WeeklyPoint(LocalDate weekStart, double value, boolean lowProduction, Double plannedLevel) {

    public WeeklyPoint {
        Objects.requireNonNull(weekStart, "weekStart");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value of week " + weekStart + " is not a finite number: " + value);
        }
    }

    /** A week without a planned level. */
    public WeeklyPoint(final LocalDate weekStart, final double value, final boolean lowProduction) {
        this(weekStart, value, lowProduction, null);
    }
}
