package se.pks.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.api.PublishedWeeks.WeekDeficiency;
import se.pks.stream.api.PublishedWeeks.WeekFigure;
import se.pks.stream.storage.PublicResultsQueries.Deficiency;
import se.pks.stream.storage.PublicResultsQueries.Week;

/** Which weeks the public API publishes and which deficiencies each carries. Today is Wed 22 Jan 2025 (week 4). */
class PublishedWeeksTest {

    private static final LocalDate TODAY = LocalDate.parse("2025-01-22");
    private static final LocalDate WEEK_1 = LocalDate.parse("2024-12-30");
    private static final LocalDate WEEK_2 = LocalDate.parse("2025-01-06");
    private static final LocalDate WEEK_3 = LocalDate.parse("2025-01-13");
    private static final LocalDate WEEK_4 = LocalDate.parse("2025-01-20");

    @Test
    void eachWeekCarriesItsOwnDeficienciesAndAnEndedWeekWithOnlyDeficienciesIsKept() {
        final List<Week> weeks = List.of(new Week(WEEK_1, 0.0, 5.0, "TARGET", true),
                new Week(WEEK_3, 12.0, 10.0, "TARGET", false));
        final List<Deficiency> deficiencies = List.of(
                missing(WEEK_2, "2025-01-08"),
                missing(WEEK_2, "2025-01-09"),
                new Deficiency(WEEK_3, "LATE_REPORTING", "WEEK", WEEK_3, "VISITS", null, 6L, 50L),
                // week 4 is under way: neither its figures nor its gaps are published yet
                missing(WEEK_4, "2025-01-20"));

        final List<WeekFigure> published = PublishedWeeks.of(weeks, deficiencies, TODAY);

        assertEquals(List.of(WEEK_1, WEEK_2, WEEK_3), published.stream().map(WeekFigure::weekStart).toList());
        assertEquals(List.of(1, 2, 3), published.stream().map(WeekFigure::isoWeek).toList());
        assertEquals(new WeekFigure(WEEK_1, 1, 0.0, 5.0, "TARGET", true, List.of()), published.get(0));
        // a week nothing was stored or planned for, but with two missing days: published without figures
        assertNull(published.get(1).actual());
        assertNull(published.get(1).planned());
        assertEquals(List.of(
                        new WeekDeficiency("MISSING_DATA", "DAY", LocalDate.parse("2025-01-08"), "VISITS", null, null,
                                null),
                        new WeekDeficiency("MISSING_DATA", "DAY", LocalDate.parse("2025-01-09"), "VISITS", null, null,
                                null)),
                published.get(1).deficiencies());
        assertEquals(List.of(new WeekDeficiency("LATE_REPORTING", "WEEK", WEEK_3, "VISITS", null, 6L, 50L)),
                published.get(2).deficiencies());
    }

    @Test
    void thePlanKindIsThatOfThePlannedWeeks() {
        assertEquals("INFLOW_FORECAST", PublishedWeeks.planKind(List.of(new Week(WEEK_1, 3.0, null, null, false),
                new Week(WEEK_2, 4.0, 5.0, "INFLOW_FORECAST", false))));
        assertNull(PublishedWeeks.planKind(List.of(new Week(WEEK_1, 0.9, null, null, false))));
    }

    private static Deficiency missing(final LocalDate week, final String day) {
        return new Deficiency(week, "MISSING_DATA", "DAY", LocalDate.parse(day), "VISITS", null, null, null);
    }
}
