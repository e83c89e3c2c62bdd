package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which organisation a unit belongs to, from {@code pks.unit} (the register as the database sink keeps it). Access is
 * granted per organisation, so every unit a person names is first turned into its organisation.
 */
@ApplicationScoped
public class UnitOrganisations {

    private static final String ORGANISATION_OF_UNIT = "SELECT organisation_id FROM pks.unit WHERE unit_id = ?";
    private static final String ORGANISATION_EXISTS = "SELECT 1 FROM pks.unit WHERE organisation_id = ? LIMIT 1";
    private static final String REGION_EXISTS = "SELECT 1 FROM pks.unit WHERE region_id = ? LIMIT 1";

    @Inject
    DataSource dataSource;

    /** The unit's organisation, empty when the unit is not registered. */
    public Optional<String> organisationOf(final String unitId) {
        return first(ORGANISATION_OF_UNIT, unitId);
    }

    /** An organisation is known while it has at least one registered unit. */
    public boolean organisationExists(final String organisationId) {
        return first(ORGANISATION_EXISTS, organisationId).isPresent();
    }

    public boolean regionExists(final String regionId) {
        return first(REGION_EXISTS, regionId).isPresent();
    }

    private Optional<String> first(final String sql, final String parameter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Unit register query failed: " + e.getMessage(), e);
        }
    }
}
