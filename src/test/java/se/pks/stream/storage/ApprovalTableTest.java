package se.pks.stream.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Approval and publication on the real schema, on 10 April 2025: organisation org-1 has units u1 and u2 with March
 * first-visit targets of 400 and 200 and actuals of 405 and 190. Every expected figure is worked out by hand from
 * those numbers: u1 +5 (+1.25 %, green against the default -5/-10 % bands), the organisation 595 against 600.
 */
class ApprovalTableTest extends MigratedDatabaseTest {

    private static final LocalDate MARCH = LocalDate.of(2025, 3, 1);
    private static final LocalDate MARCH_END = LocalDate.of(2025, 3, 31);
    private static final AuditTrail.Actor PM = AuditTrail.Actor.person("pm-1");
    private static final AuditTrail.Actor APPROVER = AuditTrail.Actor.person("approver-1");
    private static final ApprovalTable.Key U1_MARCH = unit("u1", MARCH, MARCH_END);
    private static final ApprovalTable.Key U2_MARCH = unit("u2", MARCH, MARCH_END);
    private static final ApprovalTable.Key ORG_MARCH = new ApprovalTable.Key(ApprovalTable.Level.ORGANISATION,
            "org-1", "org-1", "MONTH", MARCH, MARCH_END);

    private ApprovalTable approvals;
    private ApprovedFigureQueries figures;

    @BeforeEach
    void marchOfTwoUnits() throws SQLException {
        execute("""
                DROP TRIGGER IF EXISTS crash_while_publishing ON pks.published_figure;
                ALTER TABLE pks.published_figure DISABLE TRIGGER published_figure_frozen;
                TRUNCATE pks.unit, pks.measure_value, pks.plan, pks.published_figure, pks.approval CASCADE;
                ALTER TABLE pks.published_figure ENABLE TRIGGER published_figure_frozen;
                INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                      region_id) VALUES
                    ('u1', 'Unit 1', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1'),
                    ('u2', 'Unit 2', 'p1', 'org-1', 'Org 1', 'PUBLIC', 'r1');
                INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) VALUES
                    ('u1', 'first_visits', 'TARGET', 'MONTH', '2025-03-01', 400),
                    ('u2', 'first_visits', 'TARGET', 'MONTH', '2025-03-01', 200);
                INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) VALUES
                    ('MONTH', '2025-03-01', 'u1', 'first_visits', 405),
                    ('MONTH', '2025-03-01', 'u2', 'first_visits', 190);
                """);
        final PGSimpleDataSource source = dataSource();
        source.setOptions("-c pks.as_of=2025-04-10");
        approvals = new ApprovalTable();
        approvals.dataSource = source;
        figures = new ApprovedFigureQueries();
        figures.dataSource = source;
    }

    @Test
    void approvalPublishesTheValueAndTheDeviationAsTheyStood() throws SQLException {
        final ApprovalTable.Approval approval = approvals.approve(U1_MARCH, PM, "checked with the clinic");
        assertEquals("APPROVED", approval.state());
        assertEquals(1, approval.version());
        assertEquals("person:pm-1", approval.approvedBy());
        assertEquals(2, approval.publishedFigures(), "the value and its deviation from the target");
        // the value has no status of its own: first_visits' bands are in percent of plan
        assertEquals(List.of("first_visits null 405.0 null null NONE false",
                        "first_visits TARGET 405.0 400.0 5.0 GREEN false"),
                published("u1").stream().map(f -> f.measure() + " " + f.planKind() + " " + f.actual() + " "
                        + f.expected() + " " + f.deviation() + " " + f.status() + " " + f.changedAfterApproval())
                        .toList());
        assertEquals(1.25, published("u1").get(1).deviationPct(), 1e-9);
    }

    @Test
    void aLateEventMovesTheLiveFigureWhileThePublishedOneStaysAndIsFlagged() throws SQLException {
        approvals.approve(U1_MARCH, PM, null);
        execute("UPDATE pks.measure_value SET value = 412 WHERE unit_id = 'u1' AND granularity = 'MONTH'");

        final ApprovedFigureQueries.ApprovedFigure deviation = published("u1").get(1);
        assertEquals(405.0, deviation.actual());
        assertEquals(412.0, deviation.liveActual());
        assertEquals(400.0, deviation.liveExpected());
        assertTrue(deviation.changedAfterApproval());
        assertEquals(List.of("UNIT u1 APPROVED 1 2 2"), periods(false));

        // re-opened with a reason: still the published version, marked re-opened; approved again: the new one
        final ApprovalTable.Approval reopened = approvals.reopen(U1_MARCH, PM, "late registrations in March");
        assertEquals("REOPENED", reopened.state());
        assertEquals("late registrations in March", reopened.reopenReason());
        assertEquals(405.0, published("u1").get(1).actual());
        final ApprovalTable.Approval again = approvals.approve(U1_MARCH, PM, "late registrations included");
        assertEquals(2, again.version());
        final ApprovedFigureQueries.ApprovedFigure republished = published("u1").get(1);
        assertEquals(412.0, republished.actual());
        assertEquals(12.0, republished.deviation());
        assertFalse(republished.changedAfterApproval());
        assertEquals(List.of("UNIT u1 APPROVED 2 2 0"), periods(false));
        assertEquals(List.of(), periods(true));
        assertEquals(4, count("SELECT count(*) FROM pks.published_figure WHERE figure_kind = 'PERIOD'"),
                "version 1 is kept beside version 2");
        // each version also froze the year to date through March (only March is planned: 400 against 405, then 412)
        assertEquals(List.of("1 2025-01-01 405 400", "2 2025-01-01 412 400"), lines("""
                SELECT version || ' ' || figure_start || ' ' || actual || ' ' || expected FROM pks.published_figure
                WHERE figure_kind = 'YEAR_TO_DATE' AND subject_id = 'u1' ORDER BY version"""));
    }

    @Test
    void everyStepIsInTheAuditTrailWithWhoAndWhy() throws SQLException {
        // the trail is append-only, so it still holds the other tests' entries: only the new ones count
        final long before = count("SELECT coalesce(max(audit_id), 0) FROM pks.audit_entry");
        approvals.approve(U1_MARCH, PM, "checked");
        approvals.reopen(U1_MARCH, PM, "late registrations");
        approvals.approve(U1_MARCH, PM, null);
        assertEquals(List.of(
                        "person:pm-1 UNIT|u1|MONTH|2025-03-01 CREATE APPROVED checked",
                        "person:pm-1 UNIT|u1|MONTH|2025-03-01 UPDATE REOPENED late registrations",
                        "person:pm-1 UNIT|u1|MONTH|2025-03-01 UPDATE APPROVED null"),
                lines("""
                        SELECT actor || ' ' || subject_key || ' ' || change || ' ' || (after ->> 'state') || ' '
                               || coalesce(reason, 'null')
                        FROM pks.audit_entry WHERE subject = 'approval' AND audit_id > %d
                        ORDER BY audit_id""".formatted(before)));
    }

    @Test
    void anOrganisationIsApprovedOnceAllItsUnitsAreAndAddsThemUp() throws SQLException {
        approvals.approve(U1_MARCH, PM, null);
        final WriteRefused early = assertThrows(WriteRefused.class,
                () -> approvals.approve(ORG_MARCH, APPROVER, null));
        assertEquals(WriteRefused.Kind.CONFLICT, early.kind());
        assertTrue(early.getMessage().endsWith("not approved yet: u2"), early.getMessage());
        assertEquals(0, count("SELECT count(*) FROM pks.approval WHERE level = 'ORGANISATION'"));

        approvals.approve(U2_MARCH, PM, null);
        approvals.approve(ORG_MARCH, APPROVER, "March closed");
        final List<ApprovedFigureQueries.ApprovedFigure> organisation = figures.figures("ORGANISATION", "org-1",
                "MONTH", MARCH);
        assertEquals(1, organisation.size());
        assertEquals(595.0, organisation.getFirst().actual());
        assertEquals(600.0, organisation.getFirst().expected());

        // a unit cannot be re-opened under a standing organisation approval
        final WriteRefused underOrganisation = assertThrows(WriteRefused.class,
                () -> approvals.reopen(U1_MARCH, PM, "late registrations"));
        assertEquals(WriteRefused.Kind.CONFLICT, underOrganisation.kind());
        assertTrue(underOrganisation.getMessage().contains("organisation org-1 has approved"));
        approvals.reopen(ORG_MARCH, APPROVER, "u1 has late registrations");
        assertEquals("REOPENED", approvals.reopen(U1_MARCH, PM, "late registrations").state());
    }

    /**
     * Region r1 gets a second organisation, org-2, whose unit u3 did 90 first visits against a target of 100: the
     * region's March is then 405 + 190 + 90 = 685 against 400 + 200 + 100 = 700, -15 (-2.14 %, green).
     */
    @Test
    void aRegionIsApprovedOnceAllItsOrganisationsAreAndAddsThemUp() throws SQLException {
        execute("""
                INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                      region_id) VALUES ('u3', 'Unit 3', 'p2', 'org-2', 'Org 2', 'PRIVATE', 'r1');
                INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value)
                    VALUES ('u3', 'first_visits', 'TARGET', 'MONTH', '2025-03-01', 100);
                INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value)
                    VALUES ('MONTH', '2025-03-01', 'u3', 'first_visits', 90);
                """);
        final ApprovalTable.Key region = new ApprovalTable.Key(ApprovalTable.Level.REGION, "r1", null, "MONTH", MARCH,
                MARCH_END);
        final ApprovalTable.Key org2 = new ApprovalTable.Key(ApprovalTable.Level.ORGANISATION, "org-2", "org-2",
                "MONTH", MARCH, MARCH_END);
        approvals.approve(U1_MARCH, PM, null);
        approvals.approve(U2_MARCH, PM, null);
        approvals.approve(ORG_MARCH, APPROVER, null);
        final WriteRefused early = assertThrows(WriteRefused.class, () -> approvals.approve(region, APPROVER, null));
        assertEquals(WriteRefused.Kind.CONFLICT, early.kind());
        assertTrue(early.getMessage().endsWith("not approved yet: org-2"), early.getMessage());
        assertEquals(0, count("SELECT count(*) FROM pks.approval WHERE level = 'REGION'"));

        approvals.approve(new ApprovalTable.Key(ApprovalTable.Level.UNIT, "u3", "org-2", "MONTH", MARCH, MARCH_END),
                PM, null);
        approvals.approve(org2, APPROVER, null);
        final ApprovalTable.Approval approved = approvals.approve(region, APPROVER, "March closed for the board");
        assertEquals(1, approved.version());
        assertEquals(null, approved.organisationId(), "a region's approval belongs to no organisation");
        final List<ApprovedFigureQueries.ApprovedFigure> published = figures.figures("REGION", "r1", "MONTH", MARCH);
        assertEquals(List.of("first_visits TARGET 685.0 700.0 -15.0 GREEN"), published.stream()
                .map(f -> f.measure() + " " + f.planKind() + " " + f.actual() + " " + f.expected() + " "
                        + f.deviation() + " " + f.status()).toList());
        assertEquals(-15.0 / 700 * 100, published.getFirst().deviationPct(), 1e-9);

        // an organisation cannot be re-opened under the region's standing approval
        final WriteRefused underRegion = assertThrows(WriteRefused.class,
                () -> approvals.reopen(org2, APPROVER, "late registrations"));
        assertEquals(WriteRefused.Kind.CONFLICT, underRegion.kind());
        assertTrue(underRegion.getMessage().contains("region r1 has approved"), underRegion.getMessage());
        approvals.reopen(region, APPROVER, "org-2 has late registrations");
        assertEquals("REOPENED", approvals.reopen(org2, APPROVER, "late registrations").state());
        // with an organisation re-opened, the region waits for it again
        assertThrows(WriteRefused.class, () -> approvals.approve(region, APPROVER, null));
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() throws SQLException {
        approvals.approve(U1_MARCH, PM, null);
        final long trail = count("SELECT count(*) FROM pks.audit_entry");
        final long published = count("SELECT count(*) FROM pks.published_figure");

        final WriteRefused twice = assertThrows(WriteRefused.class,
                () -> approvals.approve(U1_MARCH, PM, null));
        assertEquals(WriteRefused.Kind.CONFLICT, twice.kind());
        assertTrue(twice.getMessage().contains("is approved already (version 1 by person:pm-1"), twice.getMessage());

        final WriteRefused future = assertThrows(WriteRefused.class, () -> approvals.approve(
                unit("u1", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 4, 30)), PM, null));
        assertEquals(WriteRefused.Kind.INVALID, future.kind());
        assertEquals("periodStart", future.field());
        assertTrue(future.getMessage().contains("has not ended: it ends on 2025-04-30 and today is 2025-04-10"));

        final WriteRefused empty = assertThrows(WriteRefused.class, () -> approvals.approve(
                unit("u1", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)), PM, null));
        assertEquals(WriteRefused.Kind.NOT_FOUND, empty.kind());

        final WriteRefused notApproved = assertThrows(WriteRefused.class,
                () -> approvals.reopen(U2_MARCH, PM, "why not"));
        assertEquals(WriteRefused.Kind.CONFLICT, notApproved.kind());

        assertEquals(trail, count("SELECT count(*) FROM pks.audit_entry"));
        assertEquals(published, count("SELECT count(*) FROM pks.published_figure"));
        assertEquals(1, count("SELECT count(*) FROM pks.approval"));
    }

    @Test
    void aFailureWhilePublishingLeavesNeitherTheApprovalNorItsTrailEntry() throws SQLException {
        execute("""
                CREATE OR REPLACE FUNCTION pks.crash_while_publishing() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'disk full'; END $$;
                CREATE TRIGGER crash_while_publishing BEFORE INSERT ON pks.published_figure
                    FOR EACH ROW EXECUTE FUNCTION pks.crash_while_publishing();
                """);
        final long trail = count("SELECT count(*) FROM pks.audit_entry");
        final IllegalStateException crash = assertThrows(IllegalStateException.class,
                () -> approvals.approve(U1_MARCH, PM, null));
        assertTrue(crash.getMessage().contains("disk full"));
        assertEquals(0, count("SELECT count(*) FROM pks.approval"));
        assertEquals(0, count("SELECT count(*) FROM pks.published_figure"));
        assertEquals(trail, count("SELECT count(*) FROM pks.audit_entry"));
    }

    @Test
    void ofTwoApprovalsAtOnceOnlyOneSucceeds() throws Exception {
        // the first approver's transaction has inserted its approval and not committed yet
        connection.setAutoCommit(false);
        execute("""
                INSERT INTO pks.approval (level, subject_id, organisation_id, period_kind, period_start, period_end,
                                          state, version, approved_by, approved_at)
                VALUES ('UNIT', 'u1', 'org-1', 'MONTH', '2025-03-01', '2025-03-31', 'APPROVED', 1, 'person:first',
                        now())""");
        final CompletableFuture<ApprovalTable.Approval> second =
                CompletableFuture.supplyAsync(() -> approvals.approve(U1_MARCH, PM, null));
        Thread.sleep(500);
        assertFalse(second.isDone(), "the second approval waits for the first to commit or roll back");
        connection.commit();
        connection.setAutoCommit(true);
        final ExecutionException refused = assertThrows(
                ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
        assertEquals(WriteRefused.Kind.CONFLICT, ((WriteRefused) refused.getCause()).kind());
        assertEquals(1, count("SELECT version FROM pks.approval WHERE subject_id = 'u1'"));
        assertEquals("person:first", lines("SELECT approved_by FROM pks.approval WHERE subject_id = 'u1'").getFirst());
    }

    @Test
    void aTertialIsApprovedOnceItHasEndedWithTheTertialsFigures() throws SQLException {
        final ApprovalTable.Key tertial = new ApprovalTable.Key(ApprovalTable.Level.UNIT, "u1", "org-1", "TERTIAL",
                LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 30));
        // on 10 April the tertial January-April is still under way
        assertEquals(WriteRefused.Kind.INVALID,
                assertThrows(WriteRefused.class, () -> approvals.approve(tertial, PM, null)).kind());
        final PGSimpleDataSource may = dataSource();
        may.setOptions("-c pks.as_of=2025-05-02");
        approvals.dataSource = may;
        figures.dataSource = may;
        approvals.approve(tertial, PM, null);
        // u1's only month with figures is March: the tertial holds 405 against 400
        assertEquals(List.of("first_visits null 405.0 null", "first_visits TARGET 405.0 400.0"),
                figures.figures("UNIT", "u1", "TERTIAL", LocalDate.of(2025, 1, 1)).stream()
                        .map(f -> f.measure() + " " + f.planKind() + " " + f.actual() + " " + f.expected())
                        .toList());
    }

    @Test
    void aPublishedVersionCannotBeRewritten() throws SQLException {
        approvals.approve(U1_MARCH, PM, null);
        final SQLException refused = assertThrows(SQLException.class,
                () -> execute("UPDATE pks.published_figure SET actual = 1"));
        assertTrue(refused.getMessage().contains("pks.published_figure is frozen"));
    }

    private List<ApprovedFigureQueries.ApprovedFigure> published(final String unit) {
        return figures.figures("UNIT", unit, "MONTH", MARCH);
    }

    private List<String> periods(final boolean changedOnly) {
        return figures.periods(new ApprovedFigureQueries.Filter(null, null, null, "MONTH", MARCH, changedOnly))
                .stream().map(p -> p.level() + " " + p.subjectId() + " " + p.state() + " " + p.version() + " "
                        + p.publishedFigures() + " " + p.changedFigures()).toList();
    }

    private static ApprovalTable.Key unit(final String unit, final LocalDate start, final LocalDate end) {
        return new ApprovalTable.Key(ApprovalTable.Level.UNIT, unit, "org-1", "MONTH", start, end);
    }

    private long count(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private List<String> lines(final String sql) throws SQLException {
        final List<String> lines = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return lines;
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
