package se.pks.stream.alerts;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** Formatting of figures and weeks in alert summaries, the same in every channel. */
final class Figures {

    private Figures() {
    }

    static String number(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String percent(final double value) {
        return String.format(Locale.ROOT, "%+.1f %%", value);
    }

    static String week(final LocalDate monday) {
        return String.format(Locale.ROOT, "%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                             monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

}
