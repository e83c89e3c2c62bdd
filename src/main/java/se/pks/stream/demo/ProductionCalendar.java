package se.pks.stream.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.SwedishHolidays;
import se.pks.stream.model.WeekKind;

/**
 * Normal and low-production weeks as Swedish planners see them: the summer weeks (ISO 27-32), the Christmas and
 * new-year weeks and Easter week run at roughly half of a normal week. Planned care happens on weekdays.
 */
final class ProductionCalendar {

    static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    private static final double SUMMER = 0.5;
    private static final double CHRISTMAS = 0.45;
    private static final double EASTER = 0.6;

    /** Share of a normal week's planned work done on a weekday when a unit keeps some weekend sessions. */
    private static final double WEEKDAY_WITH_WEEKENDS = 0.19;
    private static final double WEEKEND_DAY = 0.025;

    private ProductionCalendar() {
    }

    /** Planned production of the ISO week containing {@code day}, as a share of a normal week. */
    static double weekFactor(final LocalDate day) {
        final LocalDate monday = Granularity.WEEK.periodStart(day);
        final int week = monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        if (week >= 27 && week <= 32) {
            return SUMMER;
        }
        if (containsChristmasOrNewYear(monday)) {
            return CHRISTMAS;
        }
        // Easter Sunday ends its ISO week, so that week holds Maundy Thursday and Good Friday
        if (monday.plusDays(6).equals(SwedishHolidays.easterSunday(monday.plusDays(6).getYear()))) {
            return EASTER;
        }
        return 1.0;
    }

    /** The region's calendar: every low-production week between two days, labelled by its reason. */
    static List<CalendarWeek> lowProductionWeeks(final String regionId, final LocalDate from, final LocalDate to) {
        final List<CalendarWeek> weeks = new ArrayList<>();
        for (LocalDate monday = Granularity.WEEK.periodStart(from); !monday.isAfter(to); monday = monday.plusWeeks(1)) {
            final double factor = weekFactor(monday);
            if (factor < 1.0) {
                final String label = factor == SUMMER ? "summer" : factor == CHRISTMAS ? "christmas" : "easter";
                weeks.add(new CalendarWeek(regionId, monday, WeekKind.LOW_PRODUCTION, label));
            }
        }
        return weeks;
    }

    /** Share of a week's planned (elective) work that falls on {@code day}; the shares of a week add up to 1. */
    static double electiveShare(final LocalDate day, final boolean weekendSessions) {
        final boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        if (weekendSessions) {
            return weekend ? WEEKEND_DAY : WEEKDAY_WITH_WEEKENDS;
        }
        return weekend ? 0.0 : 0.2;
    }

    private static boolean containsChristmasOrNewYear(final LocalDate monday) {
        for (int i = 0; i < 7; i++) {
            final LocalDate day = monday.plusDays(i);
            if (day.getMonth() == Month.DECEMBER && day.getDayOfMonth() >= 24
                    || day.getMonth() == Month.JANUARY && day.getDayOfMonth() == 1) {
                return true;
            }
        }
        return false;
    }
}
