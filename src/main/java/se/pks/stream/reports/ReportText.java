package se.pks.stream.reports;

import java.util.Locale;
import se.pks.stream.model.Measure;
import se.pks.stream.model.MeasureKind;
import se.pks.stream.storage.FollowUpReportQueries.Action;
import se.pks.stream.storage.FollowUpReportQueries.Projection;

/**
 * The words and number formats both renderers use, so the PDF and the HTML say the same thing: numbers with a
 * point and one decimal (ratios and shares three), deviations in % with a sign, and every status as a symbol and
 * a word, never as a colour alone (docs/reports.md lists them).
 */
public final class ReportText {

    /** What the report prints where a figure has no value. */
    public static final String NONE = "–";

    private ReportText() {
    }

    /** A measure's value: three decimals for ratios and shares (0.813), one for counts and stocks (405.0). */
    public static String number(final String measure, final Double value) {
        if (value == null || value.isNaN()) {
            return NONE;
        }
        final boolean ratio = Measure.byId(measure).map(found -> found.kind() == MeasureKind.RATIO).orElse(false);
        return String.format(Locale.ROOT, ratio ? "%.3f" : "%.1f", value);
    }

    /** A plain number with one decimal (key figures, centre lines). */
    public static String number(final Double value) {
        return value == null || value.isNaN() ? NONE : String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * A key figure's value as the key-figure dashboard and the public page show it (docs/key-figures.md): the shares
     * (occupancy rate, first visit share) in per cent, "83.1 %", the others with two decimals, "1.27".
     */
    public static String keyFigure(final String keyFigure, final Double value) {
        if (value == null || value.isNaN()) {
            return NONE;
        }
        return isShare(keyFigure) ? String.format(Locale.ROOT, "%.1f %%", 100 * value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    /** The key figures that are shares between 0 and 1. */
    public static boolean isShare(final String keyFigure) {
        return keyFigure.equals("occupancy_rate") || keyFigure.equals("first_visit_share");
    }

    /** A deviation in per cent with its sign: "+1.3 %", "-25.0 %". */
    public static String percent(final Double value) {
        return value == null || value.isNaN() ? NONE : String.format(Locale.ROOT, "%+.1f %%", value);
    }

    /** "first_visits" reads "First visits". */
    public static String label(final String id) {
        final String words = id.replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * The status symbol and word, as the public results page shows them (docs/public-results.md): a shape and a word
     * for each, so it reads in black and white and aloud.
     */
    public static String status(final String status) {
        return switch (status == null ? "NONE" : status) {
            case "GREEN" -> "✔ on target";
            case "YELLOW" -> "▲ somewhat off target";
            case "RED" -> "✖ off target";
            default -> NONE + " no status";
        };
    }

    /** Whether the year's plan will be reached, in a sentence, from a projection and its status. */
    public static String projection(final Projection projection) {
        if (projection.projected() == null) {
            return label(projection.measure()) + ": no projection yet (nothing planned so far this year, or a unit"
                    + " with a single period counted).";
        }
        final String interval = projection.intervalLow() == null ? ""
                : ", 95 % interval " + number(projection.measure(), projection.intervalLow()) + " to "
                  + number(projection.measure(), projection.intervalHigh());
        final String verdict = switch (projection.status() == null ? "NONE" : projection.status()) {
            case "GREEN" -> "the year's plan will be reached at the current pace";
            case "YELLOW" -> "the year's plan is at risk at the current pace";
            case "RED" -> "the year's plan will not be reached at the current pace";
            default -> "not judged: no threshold for this measure";
        };
        return label(projection.measure()) + ": projected " + number(projection.measure(), projection.projected())
                + " against the annual target " + number(projection.measure(), projection.annualTarget()) + " ("
                + percent(projection.deviationPct()) + interval + "). " + status(projection.status()) + ": "
                + verdict + ".";
    }

    /** An action's state and, once done, its effect (pks.action_effect's verdict) in words. */
    public static String effect(final Action action) {
        if (action.status().equals("DONE")) {
            final String verdict = switch (action.verdict() == null ? "" : action.verdict()) {
                case "EFFECT_SHOWN" -> "✔ effect shown: 7 weeks in a row on the intended side of the old level";
                case "OPPOSITE_SHIFT" -> "✖ shift the opposite way: 7 weeks in a row on the wrong side";
                case "TOO_EARLY" -> "… too early to judge: fewer than 7 weeks since it was done";
                case "NO_SHIFT_YET" -> NONE + " no shift yet";
                default -> NONE + " no baseline to judge the effect against";
            };
            final String levels = action.baselineCentre() == null ? ""
                    : " (weekly level before " + number(action.baselineCentre()) + ", since "
                      + number(action.afterCentre()) + ")";
            return "done " + action.doneOn() + "; " + verdict + levels;
        }
        if (action.status().equals("DROPPED")) {
            return "dropped";
        }
        final String state = action.status().equals("PLANNED") ? "planned" : "in progress";
        return action.daysOverdue() == null ? state
                : state + "; ⚠ overdue by " + action.daysOverdue() + " days";
    }
}
