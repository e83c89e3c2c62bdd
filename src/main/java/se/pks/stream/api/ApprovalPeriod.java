package se.pks.stream.api;

import java.time.LocalDate;
import java.time.Month;
import java.util.Locale;

/**
 * The period an approval is about, from the path: a calendar month or a tertial (January-April, May-August,
 * September-December), named by its first day. A wrong kind or a day that does not start such a period is answered
 * 400 naming the field; whether it has ended is for the register to judge, against the database's "today".
 */
record ApprovalPeriod(String kind, LocalDate start, LocalDate end) {

    private static final int FIRST_YEAR = 2000;
    private static final int LAST_YEAR = 2100;

    enum Kind { MONTH, TERTIAL }

    static ApprovalPeriod parse(final String kind, final String start) {
        final Kind parsedKind = RequestValues.requiredEnum("periodKind", kind, Kind.class);
        final LocalDate day = RequestValues.requiredDate("periodStart", start);
        if (day.getYear() < FIRST_YEAR || day.getYear() > LAST_YEAR) {
            throw ProblemException.invalid("periodStart", "must be from " + FIRST_YEAR + " to " + LAST_YEAR
                    + ", was " + start);
        }
        if (day.getDayOfMonth() != 1) {
            throw ProblemException.invalid("periodStart", "must be the first day of the " + parsedKind.name()
                    .toLowerCase(Locale.ROOT) + ", e.g. " + day.withDayOfMonth(1) + ", was " + start);
        }
        if (parsedKind == Kind.TERTIAL && !(day.getMonth() == Month.JANUARY || day.getMonth() == Month.MAY
                                            || day.getMonth() == Month.SEPTEMBER)) {
            throw ProblemException.invalid("periodStart", "must start a tertial (1 January, 1 May or 1 September),"
                    + " was " + start);
        }
        final int months = parsedKind == Kind.MONTH ? 1 : 4;
        return new ApprovalPeriod(parsedKind.name(), day, day.plusMonths(months).minusDays(1));
    }
}
