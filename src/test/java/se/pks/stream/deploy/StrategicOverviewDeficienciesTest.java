package se.pks.stream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.DeficiencyScenario;
import se.pks.stream.storage.MigratedDatabaseTest;

/**
 * The strategic overview's organisation table as Grafana runs it, on {@link DeficiencyScenario}'s small region: a
 * day one unit did not report and another unit's implausible month must show on their organisation's tertial row,
 * where leadership looks first, not only on the data-quality dashboard.
 */
class StrategicOverviewDeficienciesTest extends MigratedDatabaseTest {

    private static final GrafanaQueries.TimeRange YEAR_2025 = new GrafanaQueries.TimeRange(
            Instant.parse("2024-12-31T23:00:00Z"), Instant.parse("2025-12-31T22:59:59Z"));

    private final JsonNode overview =
            GrafanaQueries.read(GrafanaQueries.DASHBOARDS.resolve("pks-strategic-overview.json"));

    @BeforeEach
    void region() throws SQLException {
        DeficiencyScenario.load(connection);
    }

    @Test
    void theOrganisationsTertialRowNamesTheDeficienciesOfItsUnits() throws SQLException {
        // Tertial 1 2025 of first visits. Hospital One: u1 40 + u2 50 in March, u2 -3 in February = 87 against
        // 3 x 50 planned = 58.0 % (RED below 90 %); u1 misses Wed 5 Mar and u2's February is implausible, so 2 of
        // its units carry a deficiency. Private One: u3 60 against 50 = 120.0 %, GREEN, nothing known wrong. No
        // projection was stored, so neither has a year-end projection. Red first.
        assertEquals(List.of(
                "Hospital One|first_visits|2025-01-01 – 2025-04-30|87.0|150.0|58.0|RED|NONE|2|u1: "
                        + DeficiencyScenario.MISSING + "; u2: " + DeficiencyScenario.NEGATIVE,
                "Private One|first_visits|2025-01-01 – 2025-04-30|60.0|50.0|120.0|GREEN|NONE|0|"),
                organisations("TERTIAL"));
    }

    @Test
    void aMonthWithoutTheImplausibleValueCarriesOnlyTheMissingDay() throws SQLException {
        // The latest month with a plan is March: 40 + 50 against 50 + 50, 90.0 %, on the red boundary, which takes the
        // worse colour. u2's implausible value is February's; only u1's missing day is March's.
        assertEquals(List.of(
                "Hospital One|first_visits|2025-03-01 – 2025-03-31|90.0|100.0|90.0|RED|NONE|1|u1: "
                        + DeficiencyScenario.MISSING,
                "Private One|first_visits|2025-03-01 – 2025-03-31|60.0|50.0|120.0|GREEN|NONE|0|"),
                organisations("MONTH"));
    }

    private List<String> organisations(final String periodKind) throws SQLException {
        final GrafanaQueries.Query table = GrafanaQueries.of(overview).stream()
                .filter(query -> query.kind() == GrafanaQueries.Kind.PANEL && query.panel().path("id").asInt() == 2)
                .findFirst().orElseThrow();
        final String sql = GrafanaQueries.expand(table.sql(), YEAR_2025,
                Map.of("region", "R1", "period_kind", periodKind, "plan", "CURRENT"));
        final List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(String.join("|", result.getString("organisation"), result.getString("measure"),
                        result.getString("period"), result.getString("actual"), result.getString("plan"),
                        result.getString("per_cent_of_plan"), result.getString("status"),
                        result.getString("projection_status"), result.getString("deficient_units"),
                        String.valueOf(result.getString("deficiencies"))));
            }
        }
        return rows;
    }
}
