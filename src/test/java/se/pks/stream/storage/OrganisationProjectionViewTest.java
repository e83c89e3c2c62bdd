package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * pks.organisation_projection (R__02_periods_rollups_status.sql) sums the units' year-end projections per organisation, with the status from the
 * default thresholds (first_visits and operations: yellow from -5 %, red from -10 %). Every figure is worked out by
 * hand in the comments.
 */
class OrganisationProjectionViewTest extends MigratedDatabaseTest {

    @BeforeEach
    void twoOrganisations() throws SQLException {
        execute("TRUNCATE pks.projection, pks.unit");
        execute("DELETE FROM pks.threshold WHERE unit_id <> '*' OR year <> 0");
        execute("""
                INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, region_id)
                VALUES ('u1', 'Unit 1', 'p', 'o1', 'Hospital One', 'PUBLIC', 'r1'),
                       ('u2', 'Unit 2', 'p', 'o1', 'Hospital One', 'PUBLIC', 'r1'),
                       ('u3', 'Unit 3', 'q', 'o2', 'Clinic Two', 'PRIVATE', 'r1')""");
        execute("""
                INSERT INTO pks.projection (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date,
                                            annual_target, projected, deviation, deviation_pct)
                VALUES ('u1', 'first_visits', 2025, 26, 450, 500, 1000, 900, -100, -10),
                       ('u2', 'first_visits', 2025, 26, 330, 300, 600, 660, 60, 10),
                       ('u1', 'operations', 2025, 26, 85, 100, 200, 170, -30, -15),
                       ('u3', 'first_visits', 2025, 0, 0, 0, 400, NULL, NULL, NULL)""");
    }

    @Test
    void anOrganisationsProjectedYearIsItsUnitsSummed() throws SQLException {
        // Hospital One: 450 + 330 = 780 so far against 500 + 300 = 800; projected 900 + 660 = 1560 against
        // 1000 + 600 = 1600: -40, -2.5 %, green (above -5 %), although unit 1 alone is red at -10 %
        assertEquals(List.of("2", "780", "800", "1600", "1560", "-40", "-2.5", "GREEN"),
                row("SELECT units, actual_to_date, plan_to_date, annual_target, projected, deviation, deviation_pct,"
                        + " status FROM pks.organisation_projection WHERE organisation_id = 'o1'"
                        + " AND measure = 'first_visits'"));
        // operations, unit 1 only: 170 against 200 is -15 %, red
        assertEquals(List.of("1", "170", "-15", "RED"), row("SELECT units, projected, deviation_pct, status"
                + " FROM pks.organisation_projection WHERE organisation_id = 'o1' AND measure = 'operations'"));
    }

    @Test
    void aUnitWithoutProjectionLeavesItsOrganisationsUnknown() throws SQLException {
        // Clinic Two's only unit has no plan up to now to scale by: no projected year, no status, target kept
        execute("INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,"
                + " region_id) VALUES ('u4', 'Unit 4', 'q', 'o2', 'Clinic Two', 'PRIVATE', 'r1')");
        execute("INSERT INTO pks.projection (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date,"
                + " annual_target, projected, deviation, deviation_pct)"
                + " VALUES ('u4', 'first_visits', 2025, 26, 100, 100, 200, 200, 0, 0)");
        // 400 + 200 = 600 targeted; unit 4's 200 alone would read as -66.7 %: unknown instead
        assertEquals(Arrays.asList("2", "600", null, null, "NONE"), row("SELECT units, annual_target,"
                + " projected, deviation_pct, status FROM pks.organisation_projection WHERE organisation_id = 'o2'"));
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> row(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            final List<String> values = new ArrayList<>();
            if (result.next()) {
                for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                    values.add(result.getString(column));
                }
            }
            if (result.next()) {
                throw new AssertionError("more than one row: " + sql);
            }
            return values;
        }
    }
}
