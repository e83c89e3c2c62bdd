package se.pks.stream.model;

import java.time.LocalDate;

/**
 * One week of a region's production calendar, on {@code pks.calendar.v1} (key regionId|weekStart). Weeks not in the
 * calendar are normal weeks.
 */
public record CalendarWeek(String regionId, LocalDate weekStart, WeekKind kind, String label) {

    public String key() {
        return regionId + "|" + weekStart;
    }
}
