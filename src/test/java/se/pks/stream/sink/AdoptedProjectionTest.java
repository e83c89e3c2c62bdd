package se.pks.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.storage.PeriodFigureQueries;
import se.pks.stream.storage.PlanBasis;
import se.pks.stream.storage.PlanVersions;
import se.pks.stream.storage.StorageBeans;

/**
 * Year-end projections against the adopted plan (V25 pks.adopted_projection, R__02 pks.projection_by_basis and
 * pks.organisation_projection_by_basis, R__07 pks.projection_quality and pks.rollup_projection by the transaction's
 * plan, and the API's reads), in a real PostgreSQL, on a hand-made region. Every figure is worked out by hand below.
 *
 * <p>Organisation org-ap has two units planned 100 first visits a week for the four weeks of January 2029 (Monday 1,
 * 8, 15 and 22 January), adopted by the board. Afterwards ap1's plan is revised to 80 every week, ap2's to 50 for the
 * last two weeks only (a closure). On Monday 15 January two weeks are over: ap1 did 85 and 95, ap2 90 and 90. The
 * year 2029 has a threshold of its own for first visits: yellow from -5 %, red from -10 % (a bound is the worse
 * colour).
 */
class AdoptedProjectionTest extends MigratedDatabaseTest {

    private static final LocalDate TODAY = LocalDate.of(2029, 1, 15);
    private static final List<String> WEEKS = List.of("2029-01-01", "2029-01-08", "2029-01-15", "2029-01-22");
    private static final double EXACT = 1e-6;

    private PlanVersions versions;

    @BeforeEach
    void handMadeRegion() throws SQLException {
        execute("DELETE FROM pks.measure_value WHERE unit_id IN ('ap1', 'ap2')");
        execute("DELETE FROM pks.unit WHERE unit_id IN ('ap1', 'ap2')");
        execute("INSERT INTO pks.unit VALUES ('ap1', 'Unit AP1', 'p', 'org-ap', 'Org AP', 'PUBLIC', 'R-ap', now()),"
                + " ('ap2', 'Unit AP2', 'p', 'org-ap', 'Org AP', 'PUBLIC', 'R-ap', now())");
        execute("INSERT INTO pks.threshold VALUES ('first_visits', '*', 2029, 'HIGHER_IS_BETTER', 'DEVIATION_PCT',"
                + " -5, -10) ON CONFLICT DO NOTHING");
        versions = StorageBeans.planVersions(dataSource());
    }

    @Test
    void theProjectionAgainstTheAdoptedPlanIsTheRunRateAgainstThatPlanCarriedOverItsYear() throws SQLException {
        for (final String week : WEEKS) {
            plan("ap1", week, 100);
            plan("ap2", week, 100);
        }
        versions.adopt(2029, AuditTrail.Actor.person("leader"), null);
        // the adoption asks the refresher for the projections of every unit and measure with an adopted target
        assertEquals(List.of("ap1 first_visits", "ap2 first_visits"), texts("""
                SELECT unit_id || ' ' || measure FROM pks.refresh_request
                WHERE kind = 'SERIES' AND unit_id IN ('ap1', 'ap2') ORDER BY unit_id"""));
        for (final String week : WEEKS) {
            plan("ap1", week, 80);
        }
        plan("ap2", WEEKS.get(2), 50);
        plan("ap2", WEEKS.get(3), 50);
        actual("ap1", WEEKS.get(0), 85);
        actual("ap1", WEEKS.get(1), 95);
        actual("ap2", WEEKS.get(0), 90);
        actual("ap2", WEEKS.get(1), 90);

        final Projections projections = new Projections();
        projections.refresh(connection, "ap1", "first_visits", TODAY);
        projections.refresh(connection, "ap2", "first_visits", TODAY);

        // ap1, current plan 80 a week: to date 160 planned, 180 done, run-rate 1.125; annual target 320, projected
        // 1.125 x 320 = 360, +40, +12.5 %: GREEN.
        // ap1, adopted plan 100 a week: to date 200 planned, 180 done, run-rate 0.9; annual target 400, projected
        // 0.9 x 400 = 360, -40, -10 %: RED (on the bound). sigma^2 = ((85 - 90)^2 / 100 + (95 - 90)^2 / 100) / 1
        // = 0.5, plan to come 200, SE^2 = 0.5 x 200 x (1 + 200 / 200) = 200, SE 14.142136, interval 360 -/+ 27.718586.
        final String unit = """
                SELECT plan_to_date, annual_target, projected, deviation, deviation_pct, status FROM %s
                WHERE unit_id = 'ap1' AND measure = 'first_visits' AND year = 2029%s""";
        assertEquals(List.of(160.0, 320.0, 360.0, 40.0, 12.5, "GREEN"),
                row(unit.formatted("pks.projection_by_basis", " AND basis = 'current'")));
        assertEquals(List.of(200.0, 400.0, 360.0, -40.0, -10.0, "RED"),
                row(unit.formatted("pks.projection_by_basis", " AND basis = 'adopted'")));
        assertEquals(List.of(14.142136, 332.281414, 387.718586), row("""
                SELECT round(standard_error::numeric, 6), round(interval_low::numeric, 6),
                       round(interval_high::numeric, 6)
                FROM pks.adopted_projection WHERE unit_id = 'ap1' AND year = 2029"""));
        // the views without the suffix follow the transaction's plan
        assertEquals(List.of(160.0, 320.0, 360.0, 40.0, 12.5, "GREEN"),
                row(unit.formatted("pks.projection_quality", "")));
        assertEquals(List.of(200.0, 400.0, 360.0, -40.0, -10.0, "RED"),
                adopted(unit.formatted("pks.projection_quality", "")));

        // ap2: the same two weeks against the same 100, run-rate 0.9 either way, but the current plan's year is
        // 100 + 100 + 50 + 50 = 300, so at that pace it ends at 270 (-30, -10 %), against the adopted year of 400 at
        // 360 (-40, -10 %). The projected outcome depends on the plan's shape: a closure planned for the rest of the
        // year lowers the current projection, never the adopted one.
        final String ap2 = """
                SELECT annual_target, projected, deviation FROM pks.projection_by_basis
                WHERE unit_id = 'ap2' AND year = 2029 AND basis = '%s'""";
        assertEquals(List.of(300.0, 270.0, -30.0), row(ap2.formatted("current")));
        assertEquals(List.of(400.0, 360.0, -40.0), row(ap2.formatted("adopted")));

        // the organisation: current 360 + 270 = 630 against 320 + 300 = 620, +10, +1.612903 %: GREEN;
        // adopted 360 + 360 = 720 against 800, -80, -10 %: RED.
        final String organisation = """
                SELECT units, annual_target, projected, deviation, round(deviation_pct::numeric, 6), status
                FROM %s WHERE organisation_id = 'org-ap' AND measure = 'first_visits' AND year = 2029%s""";
        assertEquals(List.of(2.0, 620.0, 630.0, 10.0, 1.612903, "GREEN"),
                row(organisation.formatted("pks.organisation_projection_by_basis", " AND basis = 'current'")));
        assertEquals(List.of(2.0, 800.0, 720.0, -80.0, -10.0, "RED"),
                row(organisation.formatted("pks.organisation_projection_by_basis", " AND basis = 'adopted'")));
        assertEquals(List.of(2.0, 800.0, 720.0, -80.0, -10.0, "RED"),
                adopted(organisation.formatted("pks.organisation_projection", "")));

        // the API's reads, each on a connection of its own. ap2 did exactly 0.9 of its adopted plan each week, so its
        // residuals and SE are 0, and the organisation's SE against the adopted plan is sqrt(200 + 0) = 14.142136.
        final PeriodFigureQueries periods = StorageBeans.periodFigureQueries(dataSource());
        final PeriodFigureQueries.ProjectionRow adoptedUnit = periods.unitProjections("ap1", "first_visits", 2029, 10,
                PlanBasis.ADOPTED).getFirst();
        assertEquals(-10.0, adoptedUnit.deviationPct(), EXACT);
        assertEquals("RED", adoptedUnit.status());
        assertEquals(12.5, periods.unitProjections("ap1", "first_visits", 2029, 10, PlanBasis.CURRENT).getFirst()
                .deviationPct(), EXACT);
        final PeriodFigureQueries.ProjectionRow adoptedGroup = periods.rollupProjections("ORGANISATION", "org-ap",
                "first_visits", 2029, 10, PlanBasis.ADOPTED).getFirst();
        assertEquals(List.of(720.0, -80.0, -10.0, "RED"), List.of(adoptedGroup.projected(), adoptedGroup.deviation(),
                adoptedGroup.deviationPct(), adoptedGroup.status()));
        assertEquals(Math.sqrt(200), adoptedGroup.standardError(), EXACT);
        final PeriodFigureQueries.ProjectionRow currentGroup = periods.rollupProjections("ORGANISATION", "org-ap",
                "first_visits", 2029, 10, PlanBasis.CURRENT).getFirst();
        assertEquals(List.of(630.0, 10.0, "GREEN"), List.of(currentGroup.projected(), currentGroup.deviation(),
                currentGroup.status()));
    }

    @Test
    void aUnitTheNewAdoptionLeavesOutLosesItsProjectionAgainstTheAdoptedPlan() throws SQLException {
        plan("ap1", "2030-01-07", 100);
        plan("ap2", "2030-01-07", 100);
        versions.adopt(2030, AuditTrail.Actor.person("leader"), null);
        final Projections projections = new Projections();
        final LocalDate monday = LocalDate.of(2030, 1, 14);
        projections.refresh(connection, "ap1", "first_visits", monday);
        projections.refresh(connection, "ap2", "first_visits", monday);
        assertEquals(2, number("SELECT count(*) FROM pks.adopted_projection WHERE year = 2030"));

        // ap2's plan is withdrawn and the board adopts the year again: its adopted projection is asked for again
        execute("DELETE FROM pks.refresh_request WHERE unit_id IN ('ap1', 'ap2')");
        execute("DELETE FROM pks.plan WHERE unit_id = 'ap2' AND period_start = '2030-01-07'");
        versions.adopt(2030, AuditTrail.Actor.person("leader"), "ap2 closed");
        assertEquals(List.of("ap1", "ap2"), texts("SELECT unit_id FROM pks.refresh_request WHERE kind = 'SERIES'"
                + " AND unit_id IN ('ap1', 'ap2') ORDER BY unit_id"));
        projections.refresh(connection, "ap2", "first_visits", monday);
        assertEquals(List.of("ap1"), texts("SELECT unit_id FROM pks.adopted_projection WHERE year = 2030"));
    }

    /** A weekly TARGET row as the database sink writes it: an upsert (the trigger keeps its versions). */
    private void plan(final String unit, final String week, final double value) throws SQLException {
        execute("INSERT INTO pks.plan VALUES ('%s', 'first_visits', 'TARGET', 'WEEK', '%s', %s, now())"
                .formatted(unit, week, value)
                + " ON CONFLICT (unit_id, measure, plan_kind, granularity, period_start) DO UPDATE"
                + " SET value = excluded.value WHERE pks.plan.value IS DISTINCT FROM excluded.value");
    }

    private void actual(final String unit, final String week, final double value) throws SQLException {
        execute("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES ('WEEK', '"
                + week + "', '" + unit + "', 'first_visits', " + value + ")");
    }

    /** The only row the query returns in a transaction that asked for the adopted plan. */
    private List<Object> adopted(final String sql) throws SQLException {
        connection.setAutoCommit(false);
        try {
            execute("SELECT set_config('pks.plan_basis', 'adopted', true)");
            return row(sql);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    /** The only row the query returns, numbers as doubles. */
    private List<Object> row(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertTrue(result.next(), "no row for " + sql);
            final List<Object> values = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                final Object value = result.getObject(column);
                values.add(value instanceof Number number ? number.doubleValue() : value);
            }
            assertTrue(!result.next(), "more than one row for " + sql);
            return values;
        }
    }

    private List<String> texts(final String sql) throws SQLException {
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private long number(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
