package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.CareUnit;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/** The unit register ({@code pks.units.v1}) into {@code pks.unit}, so dashboards can name and group units. */
final class UnitTable implements SinkTable {

    private static final String UPSERT = """
            INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                  region_id, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, provider_id = EXCLUDED.provider_id,
                organisation_id = EXCLUDED.organisation_id, organisation_name = EXCLUDED.organisation_name,
                ownership = EXCLUDED.ownership, region_id = EXCLUDED.region_id, updated_at = EXCLUDED.updated_at""";
    private static final String DELETE = "DELETE FROM pks.unit WHERE unit_id = ?";

    @Override
    public Topic<String, ?> topic() {
        return Topics.UNITS;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
             PreparedStatement delete = connection.prepareStatement(DELETE)) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                if (record.value() == null) {
                    delete.setString(1, record.key());
                    delete.addBatch();
                } else {
                    final CareUnit unit = Rows.value(Topics.UNITS, record);
                    upsert.setString(1, unit.unitId());
                    upsert.setString(2, unit.name());
                    upsert.setString(3, unit.providerId());
                    upsert.setString(4, unit.organisationId());
                    upsert.setString(5, unit.organisationName());
                    upsert.setString(6, unit.ownership().name());
                    upsert.setString(7, unit.regionId());
                    upsert.addBatch();
                }
            }
            return Rows.sum(upsert.executeBatch()) + Rows.sum(delete.executeBatch());
        }
    }
}
