package se.pks.stream.sink;

import se.pks.stream.model.CareUnit;
import se.pks.stream.topics.Topics;

/** The unit register ({@code pks.units.v1}) into {@code pks.unit}, so dashboards can name and group units. */
final class UnitMirror extends LatestValueMirror<CareUnit> {

    private static final StagingTable STAGING = new StagingTable("staged_unit",
            "unit_id, name, provider_id, organisation_id, organisation_name, ownership, region_id, false AS gone",
            "pks.unit");
    private static final String UPSERT = """
            INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                  region_id, updated_at)
            SELECT unit_id, name, provider_id, organisation_id, organisation_name, ownership, region_id, now()
            FROM staged_unit WHERE NOT gone
            ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, provider_id = EXCLUDED.provider_id,
                organisation_id = EXCLUDED.organisation_id, organisation_name = EXCLUDED.organisation_name,
                ownership = EXCLUDED.ownership, region_id = EXCLUDED.region_id, updated_at = EXCLUDED.updated_at""";
    private static final String DELETE = """
            DELETE FROM pks.unit t USING staged_unit s WHERE s.gone AND t.unit_id = s.unit_id""";

    UnitMirror() {
        super(Topics.UNITS, STAGING, new Merge(UPSERT, DELETE));
    }

    @Override
    void stageValue(final CopyRows row, final CareUnit unit) {
        row.text(unit.unitId()).text(unit.name()).text(unit.providerId()).text(unit.organisationId())
                .text(unit.organisationName()).text(unit.ownership().name()).text(unit.regionId());
    }

    @Override
    void stageKey(final CopyRows row, final String unitId) {
        row.text(unitId).nulls(6);
    }
}
