package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Named placeholders on a real PostgreSQL: a name used twice binds twice, a cast is left alone. */
class NamedParametersTest extends MigratedDatabaseTest {

    @Test
    void aNameUsedTwiceIsBoundTwiceAndCastsAreNotPlaceholders() throws SQLException {
        final NamedParameters sql = new NamedParameters(
                "SELECT :word::text || '-' || :word || '-' || :count::int + 1 || '-' || '2025-01-06'::date");
        try (PreparedStatement statement = sql.prepare(connection, Map.of("word", "ab", "count", 41));
             ResultSet result = statement.executeQuery()) {
            result.next();
            assertEquals("ab-ab-42-2025-01-06", result.getString(1));
        }
    }

    @Test
    void aMissingValueIsRefusedBeforeTheQueryRuns() {
        final NamedParameters sql = new NamedParameters("SELECT :unit::text, :measure::text");
        final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> sql.prepare(connection, Map.of("unit", "u1")));
        assertEquals("No value for :measure", refused.getMessage());
    }
}
