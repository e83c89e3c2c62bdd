package se.pks.stream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ProductionCalendarTest {

    @Test
    void lowProductionWeeksRunAtHalfSpeed() {
        // 2025-03-05 is in ISO week 10: a normal week
        assertEquals(1.0, ProductionCalendar.weekFactor(LocalDate.of(2025, 3, 5)));
        // ISO week 27 of 2025 starts Monday 30 June; week 32 ends Sunday 10 August; week 33 is normal again
        assertEquals(0.5, ProductionCalendar.weekFactor(LocalDate.of(2025, 6, 30)));
        assertEquals(0.5, ProductionCalendar.weekFactor(LocalDate.of(2025, 8, 10)));
        assertEquals(1.0, ProductionCalendar.weekFactor(LocalDate.of(2025, 8, 11)));
        assertEquals(1.0, ProductionCalendar.weekFactor(LocalDate.of(2025, 6, 29)));
        // Easter Sunday 2025-04-20 ends the week of Monday 14 April; Easter Monday starts a normal week
        assertEquals(0.6, ProductionCalendar.weekFactor(LocalDate.of(2025, 4, 18)));
        assertEquals(1.0, ProductionCalendar.weekFactor(LocalDate.of(2025, 4, 21)));
        // Christmas Eve 2025 is a Wednesday (week 52); New Year's Day 2026 a Thursday (week 1 of 2026)
        assertEquals(0.45, ProductionCalendar.weekFactor(LocalDate.of(2025, 12, 22)));
        assertEquals(0.45, ProductionCalendar.weekFactor(LocalDate.of(2026, 1, 4)));
        assertEquals(1.0, ProductionCalendar.weekFactor(LocalDate.of(2026, 1, 5)));
        assertEquals(1.0, ProductionCalendar.weekFactor(LocalDate.of(2025, 12, 21)));
    }

    @Test
    void electiveWorkOfAWeekAddsUpToOne() {
        final LocalDate monday = LocalDate.of(2025, 3, 3);
        double withWeekends = 0.0;
        double weekdaysOnly = 0.0;
        for (int i = 0; i < 7; i++) {
            withWeekends += ProductionCalendar.electiveShare(monday.plusDays(i), true);
            weekdaysOnly += ProductionCalendar.electiveShare(monday.plusDays(i), false);
        }
        // 5 * 0.19 + 2 * 0.025 = 1.0 and 5 * 0.2 = 1.0
        assertEquals(1.0, withWeekends, 1e-9);
        assertEquals(1.0, weekdaysOnly, 1e-9);
        assertEquals(0.0, ProductionCalendar.electiveShare(LocalDate.of(2025, 3, 8), false));
    }
}
