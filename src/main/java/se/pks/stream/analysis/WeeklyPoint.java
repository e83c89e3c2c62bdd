package se.pks.stream.analysis;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One week's value of one measure for one unit, the input of an SPC chart. Low-production weeks (summer, Christmas,
 * Easter) are flagged so that they can be plotted without distorting the limits that normal weeks are judged by.
 */
public record WeeklyPoint(LocalDate weekStart, double value, boolean lowProduction) {

    public WeeklyPoint {
        Objects.requireNonNull(weekStart, "weekStart");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value of week " + weekStart + " is not a finite number: " + value);
        }
    }
}
