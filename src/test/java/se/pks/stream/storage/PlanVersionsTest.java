package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plan versions and the adopted plan (V21, R__02 pks.adopted_plan and pks.plan_in_use, R__10) against a real
 * PostgreSQL. pks.plan is written here as the database sink writes it (an upsert that changes only a different value,
 * a delete for a removed row); the versions come from the table's trigger. Every expected figure is worked out by
 * hand in the comments. Versions and adoptions cannot be deleted, so each test uses units and a year of its own.
 */
class PlanVersionsTest extends MigratedDatabaseTest {

    private static final double EXACT = 1e-9;

    private PlanVersions versions;

    @BeforeEach
    void services() {
        versions = new PlanVersions();
        versions.dataSource = dataSource();
    }

    @Test
    void eachChangeOfAPlanRowIsAVersionWithItsAuthorSourceAndReason() throws SQLException {
        final String week = "2027-03-01";
        request("attr-1", week, 70.0, PlanVersions.Source.PERSON, "planner", "the budget");
        sink("attr-1", week, 70);
        // the stream publishes the deviation again with every new actual: the same plan value is no new version
        sink("attr-1", week, 70);
        // a record sent straight to pks.plans.v1 by a planning system: nobody asked through the API
        sink("attr-1", week, 72);
        // two changes in quick succession, each taken in by the sink on its own: each keeps its own author
        request("attr-1", week, 75.0, PlanVersions.Source.UPLOAD, "planner", "spring file");
        request("attr-1", week, 76.0, PlanVersions.Source.PERSON, "pm-sus", "one more surgeon");
        sink("attr-1", week, 75);
        sink("attr-1", week, 76);
        // removed through the API
        request("attr-1", week, null, PlanVersions.Source.PERSON, "planner", "clinic closed that week");
        remove("attr-1", week);

        assertEquals(List.of(
                        "70.0 PERSON person:planner the budget",
                        "72.0 KAFKA null null",
                        "75.0 UPLOAD person:planner spring file",
                        "76.0 PERSON person:pm-sus one more surgeon",
                        "null PERSON person:planner clinic closed that week"),
                history("attr-1"));
        // the listing of the API, oldest first
        final List<PlanVersions.Version> listed = versions.versions(new PlanVersions.Filter("attr-1", null, null,
                null, null, null, 100));
        assertEquals(5, listed.size());
        assertEquals(76.0, listed.get(3).value());
        assertNull(listed.get(4).value());
        assertNull(listed.get(0).adoptedFor(), "nothing adopted");
    }

    @Test
    void aRequestOvertakenByALaterChangeIsNeverTakenForItsAuthor() throws SQLException {
        final String week = "2027-04-05";
        request("stale-1", week, 50.0, PlanVersions.Source.PERSON, "planner", "first");
        sink("stale-1", week, 50);
        // asked for the value the row already has: nothing changes, so the request stays unused
        request("stale-1", week, 50.0, PlanVersions.Source.PERSON, "pm-sus", "no change");
        // then a planning system changes the row twice, the second time back to 50
        sink("stale-1", week, 60);
        sink("stale-1", week, 50);
        // the unused request was made before the row changed to 60: the return to 50 is not pm-sus's
        assertEquals(List.of("50.0 PERSON person:planner first", "60.0 KAFKA null null", "50.0 KAFKA null null"),
                history("stale-1"));

        // a request for 55 overtaken by one for 58 before the stream took either: 58 is the one that counts, and a
        // later change to 55 from elsewhere is not the first request's
        request("stale-2", week, 55.0, PlanVersions.Source.PERSON, "planner", "draft");
        request("stale-2", week, 58.0, PlanVersions.Source.PERSON, "planner", "final");
        sink("stale-2", week, 58);
        sink("stale-2", week, 55);
        assertEquals(List.of("58.0 PERSON person:planner final", "55.0 KAFKA null null"), history("stale-2"));
    }

    @Test
    void versionsAndAdoptionsAreAppendOnly() throws SQLException {
        sink("append-1", "2031-03-03", 10);
        versions.adopt(2031, AuditTrail.Actor.person("leader"), null);
        for (final String change : List.of("UPDATE pks.plan_version SET value = 11 WHERE unit_id = 'append-1'",
                "DELETE FROM pks.plan_version WHERE unit_id = 'append-1'", "TRUNCATE pks.plan_version CASCADE",
                "UPDATE pks.plan_adoption SET reason = 'x' WHERE year = 2031",
                "DELETE FROM pks.plan_adoption_version", "TRUNCATE pks.plan_adoption_version")) {
            final SQLException refused = assertThrows(SQLException.class, () -> execute(change), change);
            assertTrue(refused.getMessage().contains("is append-only"), refused.getMessage());
        }
        assertEquals(1, number("SELECT count(*) FROM pks.plan_version WHERE unit_id = 'append-1'"));
    }

    /**
     * The example: a unit planned at 100 first visits a week, adopted in December; revised to 80 from
     * mid-June; 90 done in the week of 15 June. Against the adopted plan that is -10, against the current one +10.
     */
    @Test
    void aDeviationReadsAgainstTheAdoptedPlanAfterAMidYearRevision() throws SQLException {
        unit("adopt-u1", "org-adopt", "R-adopt");
        // June 2026 starts on a Monday: weeks of 1, 8, 15, 22 and 29 June (the last has 29 and 30 June in June)
        final List<String> weeks = List.of("2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22", "2026-06-29");
        for (final String week : weeks) {
            request("adopt-u1", week, 100.0, PlanVersions.Source.UPLOAD, "planner", "budget 2026");
            sink("adopt-u1", week, 100);
        }
        final PlanVersions.Adoption adopted = versions.adopt(2026, AuditTrail.Actor.person("leader"),
                "adopted by the regional board on 16 December 2025");
        assertEquals(5, adopted.planRows());
        for (final String week : weeks.subList(2, 5)) {
            request("adopt-u1", week, 80.0, PlanVersions.Source.PERSON, "planner", "summer staffing");
            sink("adopt-u1", week, 80);
        }
        actual("WEEK", "2026-06-01", 100);
        actual("WEEK", "2026-06-08", 95);
        actual("WEEK", "2026-06-15", 90);
        actual("MONTH", "2026-06-01", 285);

        final String week = "SELECT actual, expected, deviation, deviation_pct FROM pks.period_deviation "
                + "WHERE unit_id = 'adopt-u1' AND period_kind = 'WEEK' AND period_start = '2026-06-15'";
        // current: 90 - 80 = +10, +10 / 80 = +12.5 %
        assertRow(List.of(90.0, 80.0, 10.0, 12.5), row(week));
        // adopted: 90 - 100 = -10, -10 %
        assertRow(List.of(90.0, 100.0, -10.0, -10.0), adopted(week));
        // June against its weekly plans, the week of 29 June counting 2 of its 7 days:
        //   current 100 + 100 + 80 + 80 + 80 x 2/7 = 382.857142857; adopted 100 x 4 + 100 x 2/7 = 428.571428571
        final String june = "SELECT actual, expected, deviation FROM pks.period_deviation "
                + "WHERE unit_id = 'adopt-u1' AND period_kind = 'MONTH' AND period_start = '2026-06-01'";
        assertRow(List.of(285.0, 360 + 160 / 7.0, 285 - 360 - 160 / 7.0), row(june));
        assertRow(List.of(285.0, 400 + 200 / 7.0, 285 - 400 - 200 / 7.0), adopted(june));
        // the organisation's rollup of the week, its only unit
        final String rollup = "SELECT actual, expected, deviation FROM pks.rollup_deviation WHERE level = "
                + "'ORGANISATION' AND group_id = 'org-adopt' AND period_kind = 'WEEK' AND period_start = '2026-06-15'";
        assertRow(List.of(90.0, 80.0, 10.0), row(rollup));
        assertRow(List.of(90.0, 100.0, -10.0), adopted(rollup));
        // out of the transaction that asked for the adopted plan, the same connection reads the current one again
        assertRow(List.of(90.0, 80.0, 10.0, 12.5), row(week));

        // the stream's own rows against the adopted plan: one per adopted row; a week with nothing done is 0 done
        assertRow(List.of(90.0, 100.0, -10.0, -10.0), row("SELECT actual, expected, deviation, deviation_pct "
                + "FROM pks.adopted_deviation_quality WHERE unit_id = 'adopt-u1' AND period_start = '2026-06-15'"));
        assertRow(List.of(0.0, 100.0, -100.0), row("SELECT actual, expected, deviation "
                + "FROM pks.adopted_deviation_quality WHERE unit_id = 'adopt-u1' AND period_start = '2026-06-22'"));
        assertEquals(5, number("SELECT count(*) FROM pks.adopted_deviation_quality WHERE unit_id = 'adopt-u1'"));

        // the API's reads, each on a connection of its own
        final PeriodFigureQueries periods = new PeriodFigureQueries();
        periods.dataSource = dataSource();
        final PeriodFigureQueries.Filter filter = new PeriodFigureQueries.Filter(null, "adopt-u1", "first_visits",
                "WEEK", "TARGET", LocalDate.parse("2026-06-15"), LocalDate.parse("2026-06-15"), 10);
        assertEquals(-10.0, periods.unitPeriods(filter, PlanBasis.ADOPTED).getFirst().deviation(), EXACT);
        assertEquals(10.0, periods.unitPeriods(filter, PlanBasis.CURRENT).getFirst().deviation(), EXACT);
        final FigureQueries figures = new FigureQueries();
        figures.dataSource = dataSource();
        final FigureQueries.Filter weekly = new FigureQueries.Filter("adopt-u1", "first_visits", null,
                LocalDate.parse("2026-06-15"), LocalDate.parse("2026-06-15"), 10);
        assertEquals(-10.0, figures.deviations(weekly, PlanBasis.ADOPTED).getFirst().deviation(), EXACT);

        // the versions say which one the board adopted
        final List<PlanVersions.Version> history = versions.versions(new PlanVersions.Filter("adopt-u1", null, null,
                null, LocalDate.parse("2026-06-15"), LocalDate.parse("2026-06-15"), 10));
        assertEquals(List.of("100.0 UPLOAD 2026", "80.0 PERSON null"), history.stream()
                .map(v -> v.value() + " " + v.source() + " " + v.adoptedFor()).toList());

        // the board adopts the revised plan too, with a reason: the new adoption stands, the first stays on record
        final PlanVersions.Adoption again = versions.adopt(2026, AuditTrail.Actor.person("leader"),
                "revised plan adopted in June");
        assertEquals(adopted.adoptionId(), again.supersedes());
        assertRow(List.of(90.0, 80.0, 10.0, 12.5), adopted(week));
        assertEquals(List.of(again.adoptionId() + " true", adopted.adoptionId() + " false"),
                versions.adoptions(2026).stream().map(a -> a.adoptionId() + " " + a.standing()).toList());
    }

    @Test
    void anAdoptionTakesTheYearsRowsAtTheirLatestVersionsAndIsRefusedWithNothingChanged() throws SQLException {
        // ISO year 2028 runs from Monday 3 January 2028 to Sunday 31 December 2028
        sink("year-1", "2027-12-27", 1);
        sink("year-1", "2028-01-03", 2);
        sink("year-1", "2028-12-25", 3);
        sink("year-1", "2029-01-01", 4);
        sinkMonth("year-1", "2028-02-01", 5);
        sink("year-1", "2028-03-06", 6);
        remove("year-1", "2028-03-06");

        final WriteRefused nothing = assertThrows(WriteRefused.class,
                () -> versions.adopt(2040, AuditTrail.Actor.person("leader"), null));
        assertEquals(WriteRefused.Kind.NOT_FOUND, nothing.kind());
        assertTrue(nothing.getMessage().contains("no plan rows for 2040"), nothing.getMessage());

        final PlanVersions.Adoption first = versions.adopt(2028, AuditTrail.Actor.person("leader"), null);
        // weeks of 3 January and 25 December, and February; not the removed week, not the weeks of ISO 2027 or 2029
        assertEquals(3, first.planRows());
        assertEquals(List.of("2028-01-03 2", "2028-02-01 5", "2028-12-25 3"), texts("""
                SELECT period_start || ' ' || value FROM pks.adopted_plan WHERE unit_id = 'year-1' AND year = 2028
                ORDER BY period_start"""));

        final long adoptions = number("SELECT count(*) FROM pks.plan_adoption");
        for (final String reason : new String[] {null, "  "}) {
            final WriteRefused twice = assertThrows(WriteRefused.class,
                    () -> versions.adopt(2028, AuditTrail.Actor.person("leader"), reason));
            assertEquals(WriteRefused.Kind.CONFLICT, twice.kind());
            assertTrue(twice.getMessage().contains("is adopted already (adoption " + first.adoptionId()),
                    twice.getMessage());
        }
        assertEquals(adoptions, number("SELECT count(*) FROM pks.plan_adoption"));
        // the adoption is in the audit trail with who made it
        assertEquals(List.of("person:leader CREATE"), texts("SELECT actor || ' ' || change FROM pks.audit_entry "
                + "WHERE subject = 'plan_adoption' AND subject_key = '" + first.adoptionId() + "'"));
    }

    private void request(final String unitId, final String week, final Double value,
                         final PlanVersions.Source source, final String user, final String reason) {
        versions.request(List.of(new PlanVersions.Change(unitId, "first_visits", "TARGET", "WEEK",
                LocalDate.parse(week), value)), source, AuditTrail.Actor.person(user), reason);
    }

    /** What DeviationMirror does with a deviation: an upsert that touches the row only for a different value. */
    private void sink(final String unitId, final String week, final double value) throws SQLException {
        upsert(unitId, "WEEK", week, value);
    }

    private void sinkMonth(final String unitId, final String month, final double value) throws SQLException {
        upsert(unitId, "MONTH", month, value);
    }

    private void upsert(final String unitId, final String granularity, final String start, final double value)
            throws SQLException {
        update("""
                INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value, updated_at)
                VALUES (?, 'first_visits', 'TARGET', ?, ?::date, ?, now())
                ON CONFLICT (unit_id, measure, plan_kind, granularity, period_start)
                DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
                WHERE pks.plan.value IS DISTINCT FROM EXCLUDED.value""", unitId, granularity, start, value);
    }

    private void remove(final String unitId, final String week) throws SQLException {
        update("DELETE FROM pks.plan WHERE unit_id = ? AND granularity = 'WEEK' AND period_start = ?::date", unitId,
                week);
    }

    private void unit(final String unitId, final String organisationId, final String regionId) throws SQLException {
        update("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES (?, ?, ?, ?, ?, 'PUBLIC', ?)", unitId, "Unit " + unitId, "prov-" + unitId,
                organisationId, organisationId, regionId);
    }

    private void actual(final String granularity, final String periodStart, final double value) throws SQLException {
        update("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                + "VALUES (?, ?::date, 'adopt-u1', 'first_visits', ?)", granularity, periodStart, value);
    }

    /** Each version of the unit's row: value, source, author, reason, oldest first. */
    private List<String> history(final String unitId) throws SQLException {
        final List<String> lines = new ArrayList<>();
        try (PreparedStatement select = prepare("SELECT value, source, author, reason FROM pks.plan_version "
                + "WHERE unit_id = ? ORDER BY version_id", unitId); ResultSet result = select.executeQuery()) {
            while (result.next()) {
                lines.add(Rows.nullableDouble(result, 1) + " " + result.getString(2) + " " + result.getString(3)
                        + " " + result.getString(4));
            }
        }
        return lines;
    }

    /** The query's only row in a transaction that compares with the adopted plan. */
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

    private static void assertRow(final List<?> expected, final List<Object> actual) {
        assertEquals(expected.size(), actual.size(), "columns");
        for (int column = 0; column < expected.size(); column++) {
            if (expected.get(column) instanceof Double wanted && actual.get(column) instanceof Double got) {
                assertEquals(wanted, got, EXACT, "column " + (column + 1));
            } else {
                assertEquals(expected.get(column), actual.get(column), "column " + (column + 1));
            }
        }
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void update(final String sql, final Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private long number(final String sql) throws SQLException {
        return ((Number) row(sql).get(0)).longValue();
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

    /** The only row the query returns, numbers as doubles. */
    private List<Object> row(final String sql, final Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(sql, parameters); ResultSet result = statement.executeQuery()) {
            assertTrue(result.next(), "no row for " + sql);
            final List<Object> values = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                final Object value = result.getObject(column);
                values.add(value instanceof Number number ? number.doubleValue() : value);
            }
            assertFalse(result.next(), "more than one row for " + sql);
            return values;
        }
    }

    private PreparedStatement prepare(final String sql, final Object... parameters) throws SQLException {
        final PreparedStatement statement = connection.prepareStatement(sql);
        for (int index = 0; index < parameters.length; index++) {
            statement.setObject(index + 1, parameters[index]);
        }
        return statement;
    }
}
