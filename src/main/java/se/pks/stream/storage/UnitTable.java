package se.pks.stream.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import se.pks.stream.model.CareUnit;
import se.pks.stream.topology.Topics;

/** The unit register ({@code pks.units.v1}) into {@code pks.unit}, so dashboards can name and group units. */
final class UnitTable extends LatestValueTable<CareUnit> {

    private static final String UPSERT = """
            INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                  region_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, provider_id = EXCLUDED.provider_id,
                organisation_id = EXCLUDED.organisation_id, organisation_name = EXCLUDED.organisation_name,
                ownership = EXCLUDED.ownership, region_id = EXCLUDED.region_id, updated_at = EXCLUDED.updated_at""";
    private static final String DELETE = "DELETE FROM pks.unit WHERE unit_id = ?";

    UnitTable() {
        super(Topics.UNITS, UPSERT, DELETE);
    }

    @Override
    void bindValue(final PreparedStatement statement, final CareUnit unit) throws SQLException {
        statement.setString(1, unit.unitId());
        statement.setString(2, unit.name());
        statement.setString(3, unit.providerId());
        statement.setString(4, unit.organisationId());
        statement.setString(5, unit.organisationName());
        statement.setString(6, unit.ownership().name());
        statement.setString(7, unit.regionId());
    }

    @Override
    void bindKey(final PreparedStatement statement, final String unitId) throws SQLException {
        statement.setString(1, unitId);
    }
}
