package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code pks.provider_credential}: which token hash belongs to which provider. The table never sees a token, only its
 * hash, so reading it gives no one the right to send events.
 */
@ApplicationScoped
public class CredentialTable {

    private static final String INSERT = """
            INSERT INTO pks.provider_credential (credential_id, provider_id, token_hash) VALUES (?, ?, ?)
            RETURNING created_at""";
    private static final String LIST = """
            SELECT credential_id, provider_id, created_at, revoked_at FROM pks.provider_credential
            WHERE provider_id = ? ORDER BY created_at, credential_id""";
    private static final String REVOKE = """
            UPDATE pks.provider_credential SET revoked_at = coalesce(revoked_at, now())
            WHERE provider_id = ? AND credential_id = ?""";
    private static final String PROVIDER_OF = """
            SELECT provider_id FROM pks.provider_credential WHERE token_hash = ? AND revoked_at IS NULL""";

    /** A credential as an operator may see it: everything but the token. */
    public record Credential(String credentialId, String providerId, OffsetDateTime createdAt,
                             OffsetDateTime revokedAt) {
    }

    @Inject
    DataSource dataSource;

    public Credential insert(final String credentialId, final String providerId, final String tokenHash) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.operator(), null);
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                statement.setString(1, credentialId);
                statement.setString(2, providerId);
                statement.setString(3, tokenHash);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    final Credential credential = new Credential(credentialId, providerId,
                            result.getObject(1, OffsetDateTime.class), null);
                    connection.commit();
                    return credential;
                }
            }
        } catch (final SQLException e) {
            throw failed("insert", e);
        }
    }

    public List<Credential> list(final String providerId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(LIST)) {
            statement.setString(1, providerId);
            final List<Credential> credentials = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    credentials.add(new Credential(result.getString(1), result.getString(2),
                            result.getObject(3, OffsetDateTime.class), result.getObject(4, OffsetDateTime.class)));
                }
            }
            return credentials;
        } catch (final SQLException e) {
            throw failed("list", e);
        }
    }

    /** Whether the provider has such a credential; revoking twice keeps the first revocation time. */
    public boolean revoke(final String providerId, final String credentialId) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, AuditTrail.Actor.operator(), null);
            try (PreparedStatement statement = connection.prepareStatement(REVOKE)) {
                statement.setString(1, providerId);
                statement.setString(2, credentialId);
                final boolean revoked = statement.executeUpdate() == 1;
                connection.commit();
                return revoked;
            }
        } catch (final SQLException e) {
            throw failed("revoke", e);
        }
    }

    /** The provider whose unrevoked credential has this token hash. */
    public Optional<String> providerOf(final String tokenHash) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(PROVIDER_OF)) {
            statement.setString(1, tokenHash);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
            }
        } catch (final SQLException e) {
            throw failed("lookup", e);
        }
    }

    private static IllegalStateException failed(final String what, final SQLException e) {
        return new IllegalStateException("Credential " + what + " failed: " + e.getMessage(), e);
    }
}
