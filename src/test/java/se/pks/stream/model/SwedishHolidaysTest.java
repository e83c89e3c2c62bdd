package se.pks.stream.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.SwedishHolidays.Holiday;
import se.pks.stream.model.SwedishHolidays.Kind;

/**
 * The computed calendar against the published Swedish calendar (the almanac's list of helgdagar), typed in by hand:
 * Easter Sunday was on 20 April 2025 and is on 5 April 2026 and 28 March 2027.
 */
class SwedishHolidaysTest {

    @Test
    void theDaysOf2025() {
        assertEquals(List.of(
                        "2025-01-01 New Year's Day PUBLIC_HOLIDAY",
                        "2025-01-06 Epiphany PUBLIC_HOLIDAY",
                        "2025-04-18 Good Friday PUBLIC_HOLIDAY",
                        "2025-04-20 Easter Sunday PUBLIC_HOLIDAY",
                        "2025-04-21 Easter Monday PUBLIC_HOLIDAY",
                        "2025-05-01 May Day PUBLIC_HOLIDAY",
                        "2025-05-29 Ascension Day PUBLIC_HOLIDAY",
                        "2025-06-06 National Day PUBLIC_HOLIDAY",
                        "2025-06-08 Whit Sunday PUBLIC_HOLIDAY",
                        "2025-06-20 Midsummer Eve DE_FACTO",
                        "2025-06-21 Midsummer Day PUBLIC_HOLIDAY",
                        "2025-11-01 All Saints' Day PUBLIC_HOLIDAY",
                        "2025-12-24 Christmas Eve DE_FACTO",
                        "2025-12-25 Christmas Day PUBLIC_HOLIDAY",
                        "2025-12-26 Boxing Day PUBLIC_HOLIDAY",
                        "2025-12-31 New Year's Eve DE_FACTO"),
                SwedishHolidays.of(2025).stream().map(SwedishHolidaysTest::line).toList());
    }

    @Test
    void theMovingDaysOf2026And2027() {
        // Good Friday, Easter Sunday, Easter Monday, Ascension Day, Whit Sunday, Midsummer Eve and Day, All Saints'.
        // 2026: Easter 5 April; Midsummer Day 20 June and All Saints' Day 31 October, the earliest possible
        assertEquals(List.of("2026-04-03", "2026-04-05", "2026-04-06", "2026-05-14", "2026-05-24", "2026-06-19",
                "2026-06-20", "2026-10-31"), moving(2026));
        // 2027: Easter 28 March; Midsummer Day 26 June and All Saints' Day 6 November, the latest possible
        assertEquals(List.of("2027-03-26", "2027-03-28", "2027-03-29", "2027-05-06", "2027-05-16", "2027-06-25",
                "2027-06-26", "2027-11-06"), moving(2027));
    }

    @Test
    void easterSundayOfPublishedYears() {
        assertEquals(LocalDate.of(2024, 3, 31), SwedishHolidays.easterSunday(2024));
        assertEquals(LocalDate.of(2025, 4, 20), SwedishHolidays.easterSunday(2025));
        assertEquals(LocalDate.of(2026, 4, 5), SwedishHolidays.easterSunday(2026));
        assertEquals(LocalDate.of(2027, 3, 28), SwedishHolidays.easterSunday(2027));
        assertEquals(LocalDate.of(2038, 4, 25), SwedishHolidays.easterSunday(2038));
    }

    @Test
    void twoHolidaysCanShareADay() {
        // Easter on 23 March 2008 put Ascension Day on 1 May
        assertEquals(List.of("2008-05-01 Ascension Day PUBLIC_HOLIDAY", "2008-05-01 May Day PUBLIC_HOLIDAY"),
                SwedishHolidays.of(2008).stream().filter(day -> day.day().equals(LocalDate.of(2008, 5, 1)))
                        .map(SwedishHolidaysTest::line).sorted().toList());
    }

    @Test
    void theEvesAreDeFactoAndEverythingElseIsByLaw() {
        assertEquals(List.of("Midsummer Eve", "Christmas Eve", "New Year's Eve"), SwedishHolidays.of(2030).stream()
                .filter(day -> day.kind() == Kind.DE_FACTO).map(Holiday::name).toList());
    }

    private static List<String> moving(final int year) {
        final List<String> fixedNames = List.of("New Year's Day", "Epiphany", "May Day", "National Day",
                "Christmas Eve", "Christmas Day", "Boxing Day", "New Year's Eve");
        return SwedishHolidays.of(year).stream().filter(day -> !fixedNames.contains(day.name()))
                .map(day -> day.day().toString()).toList();
    }

    private static String line(final Holiday holiday) {
        return holiday.day() + " " + holiday.name() + " " + holiday.kind();
    }
}
