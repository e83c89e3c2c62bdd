package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail on the real schema: who changed which register row, from what to what and why, appended in the
 * change's own transaction; nothing in the trail can be changed or removed except by the retention.
 */
class AuditTrailTest extends MigratedDatabaseTest {

    private final AuditTrail trail = new AuditTrail();
    private final ThresholdTable thresholds = new ThresholdTable();
    private final ExpectedReportingTable expectations = new ExpectedReportingTable();
    private final CredentialTable credentials = new CredentialTable();

    @BeforeEach
    void wire() throws SQLException {
        trail.dataSource = dataSource();
        thresholds.dataSource = dataSource();
        expectations.dataSource = dataSource();
        credentials.dataSource = dataSource();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM pks.threshold WHERE unit_id = 'u-audit'");
            statement.execute("SELECT pks.prune_audit(interval '1 year')");
        }
    }

    @Test
    void aThresholdsLifeIsRecordedWithItsAuthorReasonAndRowBeforeAndAfter() {
        final AuditTrail.Actor anna = AuditTrail.Actor.person("u1234");
        thresholds.put(new ThresholdTable.Threshold("first_visits", "u-audit", 2026, "HIGHER_IS_BETTER",
                "DEVIATION_PCT", -5, -15), anna, "board decision 12 Nov");
        thresholds.put(new ThresholdTable.Threshold("first_visits", "u-audit", 2026, "HIGHER_IS_BETTER",
                "DEVIATION_PCT", -3, -10), anna, "tighter after Q1");
        // the same values again: no change, no entry
        thresholds.put(new ThresholdTable.Threshold("first_visits", "u-audit", 2026, "HIGHER_IS_BETTER",
                "DEVIATION_PCT", -3, -10), anna, "no-op");
        assertTrue(thresholds.delete("first_visits", "u-audit", 2026, anna, "unit closed"));

        final List<AuditTrail.Entry> entries = trail.list(new AuditTrail.Filter("threshold",
                "first_visits|u-audit|2026", null, null, null, 10));
        assertEquals(List.of("DELETE unit closed", "UPDATE tighter after Q1", "CREATE board decision 12 Nov"),
                entries.stream().map(entry -> entry.change() + " " + entry.reason()).toList());
        entries.forEach(entry -> assertEquals("person:u1234", entry.actor()));
        final AuditTrail.Entry update = entries.get(1);
        assertTrue(update.before().contains("\"yellow_from\": -5"), update.before());
        assertTrue(update.after().contains("\"yellow_from\": -3"), update.after());
        assertEquals(null, entries.get(0).after());
        assertEquals(null, entries.get(2).before());
    }

    @Test
    void aChangeMadeWithSqlByHandIsRecordedUnderTheDatabaseRole() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO pks.expected_reporting (unit_id, feed, cadence) VALUES ('u-sql', 'VISITS', 'DAILY')
                    ON CONFLICT (unit_id, feed) DO UPDATE SET cadence = 'WEEKLY'""");
        }
        final List<AuditTrail.Entry> entries = trail.list(new AuditTrail.Filter("expected_reporting",
                "u-sql|VISITS", null, null, null, 10));
        assertEquals(1, entries.size());
        assertTrue(entries.getFirst().actor().startsWith("sql:"), entries.getFirst().actor());
    }

    @Test
    void theServicesOwnWritesAreNotPeoplesChanges() {
        expectations.put(new ExpectedReportingTable.Expectation("u-demo", "VISITS", "WORKING_DAYS",
                LocalDate.of(2000, 1, 1)), AuditTrail.Actor.service("demo"), null);
        assertEquals(0, trail.list(new AuditTrail.Filter("expected_reporting", "u-demo|VISITS", null, null, null,
                10)).size());
    }

    @Test
    void aCredentialsTokenHashNeverEntersTheTrail() {
        credentials.insert("cred-audit", "prov-audit", "secret-hash-value");
        assertTrue(credentials.revoke("prov-audit", "cred-audit"));
        final List<AuditTrail.Entry> entries = trail.list(new AuditTrail.Filter("provider_credential", "cred-audit",
                "operator", null, null, 10));
        assertEquals(List.of("UPDATE", "CREATE"), entries.stream().map(AuditTrail.Entry::change).toList());
        entries.forEach(entry -> assertFalse(String.valueOf(entry.before()).contains("secret-hash-value")
                || String.valueOf(entry.after()).contains("secret-hash-value")
                || String.valueOf(entry.after()).contains("token_hash"), entry.toString()));
    }

    @Test
    void theTrailIsAppendOnlyAndOnlyTheRetentionRemovesEntries() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO pks.audit_entry (recorded_at, actor, subject, subject_key, change, reason) VALUES
                        (now() - interval '3 years', 'person:old', 'threshold', 'k-old', 'CREATE', 'old'),
                        (now() - interval '6 months', 'person:new', 'threshold', 'k-new', 'CREATE', 'new')""");
            final SQLException update = assertThrows(SQLException.class,
                    () -> statement.execute("UPDATE pks.audit_entry SET reason = 'rewritten'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class, () -> statement.execute("DELETE FROM pks.audit_entry"));
            assertThrows(SQLException.class, () -> statement.execute("TRUNCATE pks.audit_entry"));
            final SQLException tooShort = assertThrows(SQLException.class,
                    () -> statement.execute("SELECT pks.prune_audit(interval '30 days')"));
            assertTrue(tooShort.getMessage().contains("under one year"), tooShort.getMessage());
        }
        // two years: the three-year-old entry goes, the six-month-old one stays
        assertEquals(1, trail.prune(Duration.ofDays(730)));
        // (the other tests' entries are recent, and stay too: the trail cannot be cleared between tests)
        assertFalse(subjectKeys().contains("k-old"));
        assertTrue(subjectKeys().contains("k-new"));
    }

    private List<String> subjectKeys() throws SQLException {
        final List<String> keys = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT subject_key FROM pks.audit_entry ORDER BY audit_id")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        return keys;
    }
}
