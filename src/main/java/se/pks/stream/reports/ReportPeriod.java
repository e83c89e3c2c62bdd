package se.pks.stream.reports;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a follow-up report covers: a calendar month ({@code 2025-05}) or a tertial ({@code 2025-T2}: T1
 * January-April, T2 May-August, T3 September-December), the two periods that are approved and published
 * (docs/approval.md). {@link #parse} says in words what is wrong with a malformed or future period.
 */
public record ReportPeriod(Kind kind, LocalDate start, LocalDate end) {

    /** The period kinds of pks.period_deviation that a report covers. */
    public enum Kind { MONTH, TERTIAL }

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern TERTIAL = Pattern.compile("(\\d{4})-T([1-3])");
    private static final int FIRST_YEAR = 2000;
    private static final int LAST_YEAR = 2100;

    /** A period that cannot be reported on, with the reason in words for a problem answer naming the field. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(final String reason) {
            super(reason);
        }
    }

    /**
     * The period named by {@code text}; refused when it is not a month or tertial, or starts after {@code today}
     * (a period under way is reported on, its figures preliminary).
     */
    public static ReportPeriod parse(final String text, final LocalDate today) {
        if (text == null || text.isBlank()) {
            throw new Refused("is required: a month such as 2025-05 or a tertial such as 2025-T2");
        }
        final ReportPeriod period;
        final Matcher tertial = TERTIAL.matcher(text);
        final Matcher month = MONTH.matcher(text);
        if (tertial.matches()) {
            final int year = year(tertial.group(1), text);
            final LocalDate start = LocalDate.of(year, 1 + 4 * (Integer.parseInt(tertial.group(2)) - 1), 1);
            period = new ReportPeriod(Kind.TERTIAL, start, start.plusMonths(4).minusDays(1));
        } else if (month.matches()) {
            final int year = year(month.group(1), text);
            final int number = Integer.parseInt(month.group(2));
            if (number < 1 || number > 12) {
                throw new Refused("has no month " + month.group(2) + ": a month is 01 to 12, was '" + text + "'");
            }
            final LocalDate start = LocalDate.of(year, number, 1);
            period = new ReportPeriod(Kind.MONTH, start, start.plusMonths(1).minusDays(1));
        } else {
            throw new Refused("must be a month such as 2025-05 or a tertial such as 2025-T2, was '" + text + "'");
        }
        if (period.start().isAfter(today)) {
            throw new Refused("lies in the future: " + period.name() + " starts on " + period.start()
                    + " and today is " + today);
        }
        return period;
    }

    private static int year(final String digits, final String text) {
        final int year = Integer.parseInt(digits);
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            throw new Refused("must be in the years " + FIRST_YEAR + " to " + LAST_YEAR + ", was '" + text + "'");
        }
        return year;
    }

    /** The name the API takes: {@code 2025-05} or {@code 2025-T2}. */
    public String name() {
        return kind == Kind.MONTH ? "%d-%02d".formatted(start.getYear(), start.getMonthValue())
                : start.getYear() + "-T" + (1 + (start.getMonthValue() - 1) / 4);
    }

    /** In words: "May 2025" or "tertial 2 of 2025 (May-August)". */
    public String title() {
        if (kind == Kind.MONTH) {
            return month(start) + " " + start.getYear();
        }
        return "tertial " + (1 + (start.getMonthValue() - 1) / 4) + " of " + start.getYear() + " (" + month(start)
                + "–" + month(end) + ")";
    }

    /** Whether the period's last day is before {@code today}: only then can it be approved. */
    public boolean endedBy(final LocalDate today) {
        return end.isBefore(today);
    }

    private static String month(final LocalDate day) {
        return day.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
}
