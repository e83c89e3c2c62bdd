package se.pks.stream.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Swedish public holidays of a year (lagen 1989:253 om allmänna helgdagar) and the three eves that Swedish working
 * life treats as Sundays, computed rather than typed in so that every year is covered. Expected reporting takes all of
 * them as days off (docs/data-quality.md).
 */
public final class SwedishHolidays {

    /** Whether a day off is a public holiday by law, or a de facto one. */
    public enum Kind {
        /** allmän helgdag */
        PUBLIC_HOLIDAY,
        /**
         * Midsummer Eve, Christmas Eve and New Year's Eve: not public holidays, but the holiday law (semesterlagen 3 §)
         * counts them as Sundays, agreements give them off, and planned care is closed.
         */
        DE_FACTO
    }

    /**
     * One holiday. Two can fall on one day: Ascension Day on 1 May when Easter is on 23 March (2008), Whit Sunday on
     * 6 June when Easter is on 18 April.
     */
    public record Holiday(LocalDate day, String name, Kind kind) {
    }

    private SwedishHolidays() {
    }

    /** Every holiday of {@code year}, in date order. */
    public static List<Holiday> of(final int year) {
        final LocalDate easter = easterSunday(year);
        final List<Holiday> holidays = new ArrayList<>(List.of(
                fixed(year, 1, 1, "New Year's Day"),
                fixed(year, 1, 6, "Epiphany"),
                new Holiday(easter.minusDays(2), "Good Friday", Kind.PUBLIC_HOLIDAY),
                new Holiday(easter, "Easter Sunday", Kind.PUBLIC_HOLIDAY),
                new Holiday(easter.plusDays(1), "Easter Monday", Kind.PUBLIC_HOLIDAY),
                fixed(year, 5, 1, "May Day"),
                new Holiday(easter.plusDays(39), "Ascension Day", Kind.PUBLIC_HOLIDAY),
                new Holiday(easter.plusDays(49), "Whit Sunday", Kind.PUBLIC_HOLIDAY),
                fixed(year, 6, 6, "National Day"),
                // Midsummer Day is the Saturday from 20 to 26 June; its eve the Friday before, 19 to 25 June
                new Holiday(saturdayFrom(year, 6, 20).minusDays(1), "Midsummer Eve", Kind.DE_FACTO),
                new Holiday(saturdayFrom(year, 6, 20), "Midsummer Day", Kind.PUBLIC_HOLIDAY),
                // the Saturday from 31 October to 6 November
                new Holiday(saturdayFrom(year, 10, 31), "All Saints' Day", Kind.PUBLIC_HOLIDAY),
                new Holiday(LocalDate.of(year, 12, 24), "Christmas Eve", Kind.DE_FACTO),
                fixed(year, 12, 25, "Christmas Day"),
                fixed(year, 12, 26, "Boxing Day"),
                new Holiday(LocalDate.of(year, 12, 31), "New Year's Eve", Kind.DE_FACTO)));
        holidays.sort(Comparator.comparing(Holiday::day));
        return List.copyOf(holidays);
    }

    /** Western (Gregorian) Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(final int year) {
        final int a = year % 19;
        final int b = year / 100;
        final int c = year % 100;
        final int d = b / 4;
        final int e = b % 4;
        final int f = (b + 8) / 25;
        final int g = (b - f + 1) / 3;
        final int h = (19 * a + b - d - g + 15) % 30;
        final int i = c / 4;
        final int k = c % 4;
        final int l = (32 + 2 * e + 2 * i - h - k) % 7;
        final int m = (a + 11 * h + 22 * l) / 451;
        final int month = (h + l - 7 * m + 114) / 31;
        final int dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, dayOfMonth);
    }

    private static Holiday fixed(final int year, final int month, final int day, final String name) {
        return new Holiday(LocalDate.of(year, month, day), name, Kind.PUBLIC_HOLIDAY);
    }

    private static LocalDate saturdayFrom(final int year, final int month, final int day) {
        return LocalDate.of(year, month, day).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
    }
}
