package se.pks.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import se.pks.stream.model.FieldError;
import se.pks.stream.storage.DeficiencyScenario;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.storage.QueriesOn;
import se.pks.stream.topics.JsonSerde;

/**
 * The deficiencies in the API's answers, on {@link DeficiencyScenario}'s region: u1 misses Wed 5 Mar 2025, u2's
 * February is implausible. The resources are called as JAX-RS calls them, with their query parameters as text, and
 * read the database through a connection pinned to the scenario's as-of day.
 */
class DeficienciesApiTest extends MigratedDatabaseTest {

    private FiguresResource figures;
    private PeriodFiguresResource periods;

    @BeforeEach
    void loadScenario() throws SQLException {
        DeficiencyScenario.load(connection);
        final PGSimpleDataSource source = dataSource();
        source.setOptions("-c pks.as_of=2025-03-10");
        figures = new FiguresResource();
        figures.queries = QueriesOn.figureQueries(source);
        periods = new PeriodFiguresResource();
        periods.queries = QueriesOn.periodFigureQueries(source);
    }

    @Test
    void aDeviationSaysItIsIncompleteAndListsWhyOnlyWhenAsked() throws JsonProcessingException {
        final FiguresResource.Deviation counted =
                figures.deviations("u1", "first_visits", "WEEK", null, null, null, null, null).get(0);
        assertEquals(-10.0, counted.deviation());
        assertTrue(counted.incomplete());
        assertFalse(counted.flagged());
        assertEquals(1, counted.deficiencyCount());
        assertNull(counted.deficiencies());
        assertFalse(JsonSerde.MAPPER.writeValueAsString(counted).contains("\"deficiencies\""));

        final FiguresResource.Deviation listed =
                figures.deviations("u1", "first_visits", "WEEK", null, null, null, "true", null).get(0);
        assertEquals(List.of(DeficiencyScenario.MISSING), listed.deficiencies());
        assertTrue(JsonSerde.MAPPER.writeValueAsString(listed)
                .contains("\"deficiencies\":[\"MISSING_DATA 2025-03-05 VISITS\"]"));
    }

    @Test
    void aMeasureValueCarriesItsOwnDeficienciesAndNoOtherPeriods() {
        // u2's February is implausible; its February week of 10 Feb and its March are not.
        assertEquals(List.of("MONTH 2025-02-01 -3.0 false true 1 [" + DeficiencyScenario.NEGATIVE + "]",
                        "MONTH 2025-03-01 50.0 false false 0 []",
                        "WEEK 2025-02-10 0.0 false false 0 []",
                        "WEEK 2025-03-03 50.0 false false 0 []"),
                figures.measureValues("u2", "first_visits", null, null, null, null, "true").stream()
                        .map(v -> v.granularity() + " " + v.periodStart() + " " + v.value() + " " + v.incomplete()
                                + " " + v.flagged() + " " + v.deficiencyCount() + " " + v.deficiencies())
                        .toList());
    }

    @Test
    void aWeekCarriesTheSameWeekLastYearBesideItsDeficiencies() throws SQLException {
        // Mon 3 Mar 2025 opens ISO week 10 of 2025; week 10 of 2024 opened on Mon 4 Mar 2024.
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES ('WEEK', '2024-03-04', 'u1', 'first_visits', 44)");
        final FiguresResource.MeasureValue week = figures.measureValues("u1", "first_visits", "WEEK", "2025-03-03",
                "2025-03-03", null, null).get(0);
        assertEquals("2024-03-04 44.0 true 1", week.sameWeekLastYear() + " " + week.sameWeekLastYearValue() + " "
                + week.incomplete() + " " + week.deficiencyCount());
    }

    @Test
    void theOrganisationsTertialAnswerCarriesBothUnitsDeficiencies() {
        // H1, tertial 1: 40 + 50 - 3 = 87 done against 50 + 50 + 50 = 150 planned, -63, -42 %.
        final PeriodFiguresResource.PeriodFigure tertial = periods.rollups("ORGANISATION", "H1", "first_visits",
                "TERTIAL", "TARGET", null, null, null, "true", null).get(0);
        assertEquals("ORGANISATION H1 Hospital One 2025-01-01 2025-04-30 87.0 150.0 -63.0 -42.0", String.join(" ",
                tertial.level(), tertial.id(), tertial.name(), tertial.periodStart().toString(),
                tertial.periodEnd().toString(), tertial.actual().toString(), tertial.expected().toString(),
                tertial.deviation().toString(), tertial.deviationPct().toString()));
        assertEquals(new PeriodFiguresResource.Quality(true, true, 2, 2, List.of(
                "u1: " + DeficiencyScenario.MISSING, "u2: " + DeficiencyScenario.NEGATIVE)), tertial.quality());
        // The private clinic's row has none.
        assertEquals(new PeriodFiguresResource.Quality(false, false, 0, 0, null), periods.rollups("ORGANISATION",
                "P1", "first_visits", "TERTIAL", null, null, null, null, null, null).get(0).quality());
    }

    @Test
    void aUnitsPeriodRowsCarryTheDayOnEveryPeriodThatHoldsIt() {
        // The week, March, tertial 1, 2025, the year to date, the rolling 12 months and the rolling 4 weeks.
        assertEquals(List.of("MONTH 1", "ROLLING_12_MONTHS 1", "ROLLING_4_WEEKS 1", "TERTIAL 1", "WEEK 1", "YEAR 1",
                        "YEAR_TO_DATE 1"),
                periods.unitPeriods("u1", "first_visits", null, "TARGET", null, null, null, null, null).stream()
                        .map(row -> row.periodKind() + " " + row.quality().deficiencyCount()).sorted().toList());
    }

    @Test
    void projectionsOfTheOrganisationAddTheUnitsVariancesAndCarryTheirDeficiencies() throws SQLException {
        // u1: 1000 with standard error 30, u2: 2000 with 40: H1 3000 with sqrt(900 + 1600) = 50; 95 % interval
        // 3000 -/+ 98.
        execute("INSERT INTO pks.projection (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date, "
                + "annual_target, projected, standard_error, interval_low, interval_high) VALUES "
                + "('u1', 'first_visits', 2025, 10, 200, 220, 1100, 1000, 30, 941.2, 1058.8), "
                + "('u2', 'first_visits', 2025, 10, 380, 361, 1900, 2000, 40, 1921.6, 2078.4)");
        final PeriodFiguresResource.ProjectionFigure h1 =
                periods.rollupProjections("ORGANISATION", "H1", "first_visits", "2025", null, "true", null).get(0);
        assertEquals(2, h1.units());
        assertEquals(3000.0, h1.projected(), 1e-9);
        assertEquals(50.0, h1.standardError(), 1e-9);
        assertEquals(2902.0, h1.intervalLow(), 1e-9);
        assertEquals(3098.0, h1.intervalHigh(), 1e-9);
        assertEquals(List.of("u1: " + DeficiencyScenario.MISSING, "u2: " + DeficiencyScenario.NEGATIVE),
                h1.quality().deficiencies());
        final PeriodFiguresResource.ProjectionFigure u1 =
                periods.unitProjections("u1", null, null, null, null, null).get(0);
        assertEquals(941.2, u1.intervalLow(), 1e-9);
        assertTrue(u1.quality().incomplete());
    }

    @Test
    void aWrongParameterIsNamedInTheAnswer() {
        assertEquals("deficiencies", refused(() -> figures.deviations(null, null, null, null, null, null, "yes", null)));
        assertEquals("plan", refused(() -> figures.deviations(null, null, null, null, null, null, null, "budget")));
        assertEquals("plan", refused(() -> periods.unitPeriods(null, null, null, null, null, null, null, null,
                "Adopted")));
        assertEquals("periodKind", refused(() -> periods.rollups(null, null, null, "QUARTER", null, null, null, null,
                null, null)));
        assertEquals("level", refused(() -> periods.rollups("HOSPITAL", null, null, null, null, null, null, null,
                null, null)));
        assertEquals("year", refused(() -> periods.unitProjections(null, null, "twenty", null, null, null)));
        assertEquals("plan", refused(() -> periods.unitProjections(null, null, null, null, null, "budget")));
        assertEquals("plan", refused(() -> periods.rollupProjections(null, null, null, null, null, null, "ADOPTED")));
    }

    private static String refused(final Runnable call) {
        final ProblemException refused = assertThrows(ProblemException.class, call::run);
        return refused.problem().errors().stream().map(FieldError::field).findFirst().orElseThrow();
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
