package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code pks.approval} and its published versions (V20, docs/approval.md). Approving a unit's or organisation's month
 * or tertial and copying the period's figures into {@code pks.published_figure} happen in one transaction, together
 * with the audit trail's entry (the approval table's trigger): a failure anywhere leaves neither. Every check that
 * depends on the stored state (the period has ended, it is not approved yet, the organisation's units are approved)
 * is made inside that transaction, on locked rows, so two people approving at once cannot both succeed. A month's
 * approval also publishes its weeks and year to date ({@link MonthPublication}), a unit's tertial its key figures
 * ({@link TertialPublication}); {@code publishedFigures} counts the period's own figures.
 */
@ApplicationScoped
public class ApprovalTable {

    /**
     * Who approves: a production manager a unit's period, the organisation's approver the organisation's, the region's
     * approver the region's.
     */
    public enum Level { UNIT, ORGANISATION, REGION }

    /** One period of one unit, organisation or region; {@code periodEnd} is its last day; no organisation for a region. */
    public record Key(Level level, String subjectId, String organisationId, String periodKind, LocalDate periodStart,
                      LocalDate periodEnd) {

        String text() {
            return level + " " + subjectId + " " + periodKind + " " + periodStart + " to " + periodEnd;
        }
    }

    /** The approval as it stands after a change. */
    public record Approval(Level level, String subjectId, String organisationId, String periodKind,
                           LocalDate periodStart, LocalDate periodEnd, String state, int version, String approvedBy,
                           OffsetDateTime approvedAt, String comment, String reopenedBy, OffsetDateTime reopenedAt,
                           String reopenReason, long publishedFigures) {
    }

    private static final String COLUMNS = """
            level, subject_id, organisation_id, period_kind, period_start, period_end, state, version, approved_by,
            approved_at, comment, reopened_by, reopened_at, reopen_reason""";
    private static final String AS_OF = "SELECT pks.as_of_date()";
    private static final String LOCK = "SELECT " + COLUMNS + """
             FROM pks.approval
            WHERE level = ? AND subject_id = ? AND period_kind = ? AND period_start = ? FOR UPDATE""";
    /** The organisation's units with a figure in the period, and whether each is approved (locked while we look). */
    private static final String UNITS_OF_ORGANISATION = """
            SELECT l.subject_id, coalesce(a.state = 'APPROVED', false)
            FROM (SELECT DISTINCT subject_id FROM pks.live_period_value
                  WHERE level = 'UNIT' AND organisation_id = ? AND period_kind = ? AND period_start = ?) l
            LEFT JOIN pks.approval a
                   ON a.level = 'UNIT' AND a.subject_id = l.subject_id AND a.period_kind = ? AND a.period_start = ?
            ORDER BY l.subject_id""";
    private static final String SHARE_UNIT_APPROVALS = """
            SELECT 1 FROM pks.approval
            WHERE level = 'UNIT' AND organisation_id = ? AND period_kind = ? AND period_start = ? FOR SHARE""";
    /** The region's organisations with a unit with a figure in the period, and whether each is approved. */
    private static final String ORGANISATIONS_OF_REGION = """
            SELECT l.organisation_id, coalesce(a.state = 'APPROVED', false)
            FROM (SELECT DISTINCT organisation_id FROM pks.live_period_value
                  WHERE level = 'UNIT' AND period_kind = ? AND period_start = ?
                    AND organisation_id IN (SELECT organisation_id FROM pks.unit WHERE region_id = ?)) l
            LEFT JOIN pks.approval a ON a.level = 'ORGANISATION' AND a.subject_id = l.organisation_id
                                    AND a.period_kind = ? AND a.period_start = ?
            ORDER BY l.organisation_id""";
    private static final String SHARE_ORGANISATION_APPROVALS = """
            SELECT 1 FROM pks.approval
            WHERE level = 'ORGANISATION' AND period_kind = ? AND period_start = ?
              AND subject_id IN (SELECT organisation_id FROM pks.unit WHERE region_id = ?) FOR SHARE""";
    /** The approval of the period by the region of the organisation, if it stands (locked while we look). */
    private static final String REGION_ABOVE = """
            SELECT subject_id, version, approved_by FROM pks.approval
            WHERE level = 'REGION' AND state = 'APPROVED' AND period_kind = ? AND period_start = ?
              AND subject_id IN (SELECT region_id FROM pks.unit WHERE organisation_id = ?) FOR UPDATE""";
    private static final String APPROVE = """
            INSERT INTO pks.approval (level, subject_id, organisation_id, period_kind, period_start, period_end, state,
                                      version, approved_by, approved_at, comment)
            VALUES (?, ?, ?, ?, ?, ?, 'APPROVED', 1, ?, now(), ?)
            ON CONFLICT (level, subject_id, period_kind, period_start) DO UPDATE
                SET state = 'APPROVED', version = pks.approval.version + 1, approved_by = EXCLUDED.approved_by,
                    approved_at = EXCLUDED.approved_at, comment = EXCLUDED.comment, reopened_by = NULL,
                    reopened_at = NULL, reopen_reason = NULL
                -- only a re-opened period is approved again: a row another approval inserted meanwhile stays
                WHERE pks.approval.state = 'REOPENED'
            RETURNING version""";
    /**
     * The period's figures (pks.live_period_value) with their known deficiencies, as the *_quality views attach them:
     * a unit's those of the measure and period, an organisation's those of its units in the figure. The deficiency
     * views are read for this one unit or organisation and period, not joined to the whole view, so that PostgreSQL
     * restricts them before it computes them.
     */
    private static final NamedParameters PUBLISH_UNIT = new NamedParameters("""
            INSERT INTO pks.published_figure (level, subject_id, period_kind, period_start, version, period_end,
                                              measure, plan_kind, actual, expected, deviation, deviation_pct, status,
                                              incomplete, flagged, deficiency_count, deficiencies)
            WITH deficiency AS (
                SELECT measure, incomplete, flagged, deficiency_count, deficiencies FROM pks.unit_period_deficiency
                WHERE unit_id = :subject AND period_kind = :kind AND period_start = :start
            )
            SELECT v.level, v.subject_id, v.period_kind, v.period_start, :version, v.period_end, v.measure,
                   v.plan_kind, v.actual, v.expected, v.deviation, v.deviation_pct, v.status,
                   coalesce(q.incomplete, false), coalesce(q.flagged, false), coalesce(q.deficiency_count, 0),
                   coalesce(q.deficiencies, '{}')
            FROM pks.live_period_value v
            LEFT JOIN deficiency q ON q.measure = v.measure
            WHERE v.level = 'UNIT' AND v.subject_id = :subject AND v.period_kind = :kind
              AND v.period_start = :start""");
    private static final NamedParameters PUBLISH_ORGANISATION = new NamedParameters("""
            INSERT INTO pks.published_figure (level, subject_id, period_kind, period_start, version, period_end,
                                              measure, plan_kind, actual, expected, deviation, deviation_pct, status,
                                              incomplete, flagged, deficiency_count, deficiencies)
            WITH deficiency AS (
                SELECT measure, plan_kind, incomplete, flagged, deficiency_count, deficiencies
                FROM pks.organisation_deficiency(:subject::text, :kind::text, :start::date)
            )
            SELECT v.level, v.subject_id, v.period_kind, v.period_start, :version, v.period_end, v.measure,
                   v.plan_kind, v.actual, v.expected, v.deviation, v.deviation_pct, v.status,
                   coalesce(g.incomplete, false), coalesce(g.flagged, false), coalesce(g.deficiency_count, 0),
                   coalesce(g.deficiencies, '{}')
            FROM pks.live_period_value v
            LEFT JOIN deficiency g ON g.measure = v.measure AND g.plan_kind = v.plan_kind
            WHERE v.level = 'ORGANISATION' AND v.subject_id = :subject AND v.period_kind = :kind
              AND v.period_start = :start""");
    private static final NamedParameters PUBLISH_REGION = new NamedParameters("""
            INSERT INTO pks.published_figure (level, subject_id, period_kind, period_start, version, period_end,
                                              measure, plan_kind, actual, expected, deviation, deviation_pct, status,
                                              incomplete, flagged, deficiency_count, deficiencies)
            WITH deficiency AS (
                SELECT measure, plan_kind, incomplete, flagged, deficiency_count, deficiencies
                FROM pks.group_deficiency
                WHERE level = 'REGION' AND group_id = :subject AND period_kind = :kind AND period_start = :start
            )
            SELECT v.level, v.subject_id, v.period_kind, v.period_start, :version, v.period_end, v.measure,
                   v.plan_kind, v.actual, v.expected, v.deviation, v.deviation_pct, v.status,
                   coalesce(g.incomplete, false), coalesce(g.flagged, false), coalesce(g.deficiency_count, 0),
                   coalesce(g.deficiencies, '{}')
            FROM pks.live_period_value v
            LEFT JOIN deficiency g ON g.measure = v.measure AND g.plan_kind = v.plan_kind
            WHERE v.level = 'REGION' AND v.subject_id = :subject AND v.period_kind = :kind
              AND v.period_start = :start""");
    private static final String REOPEN = """
            UPDATE pks.approval SET state = 'REOPENED', reopened_by = ?, reopened_at = now(), reopen_reason = ?
            WHERE level = ? AND subject_id = ? AND period_kind = ? AND period_start = ?""";

    @Inject
    DataSource dataSource;

    /**
     * Approves the period and publishes its figures as they stand, as a new version. Refused, with nothing changed,
     * when the period has not ended, it is approved already, it has no figures, or (for an organisation) a unit with
     * figures in it is not approved.
     */
    public Approval approve(final Key key, final AuditTrail.Actor actor, final String comment) {
        return inTransaction(actor, comment, connection -> approve(connection, key, actor, comment));
    }

    private interface Step {
        Approval run(Connection connection) throws SQLException;
    }

    /** One transaction named for the audit trail: the step's changes and their audit entries commit together or not. */
    private Approval inTransaction(final AuditTrail.Actor actor, final String why, final Step step) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, actor, why);
            try {
                final Approval approval = step.run(connection);
                connection.commit();
                return approval;
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (final SQLException e) {
            throw failed(e);
        }
    }

    private Approval approve(final Connection connection, final Key key, final AuditTrail.Actor actor,
                             final String comment) throws SQLException {
        final LocalDate today = asOf(connection);
        if (!key.periodEnd().isBefore(today)) {
            throw new WriteRefused(WriteRefused.Kind.INVALID, "periodStart", "the " + key.periodKind()
                    + " from " + key.periodStart() + " has not ended: it ends on " + key.periodEnd() + " and today is "
                    + today + "; only an ended period can be approved");
        }
        final Optional<Approval> current = lock(connection, key);
        if (current.isPresent() && current.get().state().equals("APPROVED")) {
            final Approval approved = current.get();
            throw new WriteRefused(WriteRefused.Kind.CONFLICT, null, key.text() + " is approved already"
                    + " (version " + approved.version() + " by " + approved.approvedBy() + " at "
                    + approved.approvedAt() + "); re-open it with a reason before approving it again");
        }
        if (key.level() == Level.ORGANISATION) {
            requireUnitsApproved(connection, key);
        } else if (key.level() == Level.REGION) {
            requireOrganisationsApproved(connection, key);
        }
        final int version;
        try (PreparedStatement approve = connection.prepareStatement(APPROVE)) {
            approve.setString(1, key.level().name());
            approve.setString(2, key.subjectId());
            approve.setString(3, key.organisationId());
            approve.setString(4, key.periodKind());
            Rows.setDate(approve, 5, key.periodStart());
            Rows.setDate(approve, 6, key.periodEnd());
            approve.setString(7, actor.name());
            approve.setString(8, comment);
            try (ResultSet row = approve.executeQuery()) {
                if (!row.next()) {
                    throw new WriteRefused(WriteRefused.Kind.CONFLICT, null, key.text()
                            + " was approved by someone else a moment ago; re-open it with a reason before approving"
                            + " it again");
                }
                version = row.getInt(1);
            }
        }
        final int published;
        try (PreparedStatement publish = publication(key.level()).prepare(connection, Map.of("subject", key.subjectId(), "kind", key.periodKind(),
                        "start", key.periodStart(), "version", version))) {
            published = publish.executeUpdate();
        }
        if (published == 0) {
            throw new WriteRefused(WriteRefused.Kind.NOT_FOUND, null, key.text()
                    + " has no figures: there is nothing to approve");
        }
        // A month also publishes its weeks and the year to date through it, which the public answers read (a
        // tertial's year to date is that of its last month, its weeks those of its months); a unit's tertial its key
        // figures, which the public key figures compare.
        // A region's approval publishes its period's figures only: the public page shows units and organisations.
        if (key.level() == Level.REGION) {
            return lock(connection, key).map(approval -> withCount(approval, published)).orElseThrow();
        }
        if (key.periodKind().equals("MONTH")) {
            MonthPublication.publish(connection, key, version);
        } else {
            TertialPublication.publish(connection, key, version);
        }
        return lock(connection, key).map(approval -> withCount(approval, published)).orElseThrow();
    }

    private static NamedParameters publication(final Level level) {
        return switch (level) {
            case UNIT -> PUBLISH_UNIT;
            case ORGANISATION -> PUBLISH_ORGANISATION;
            case REGION -> PUBLISH_REGION;
        };
    }

    /** A region is approved once every organisation of it with figures in the period is (locked while we look). */
    private static void requireOrganisationsApproved(final Connection connection, final Key key) throws SQLException {
        requireAllBelowApproved(connection, key, "region", "organisation",
                SHARE_ORGANISATION_APPROVALS, List.of(key.periodKind(), key.periodStart(), key.subjectId()),
                ORGANISATIONS_OF_REGION, List.of(key.periodKind(), key.periodStart(), key.subjectId(), key.periodKind(),
                        key.periodStart()));
    }

    private static void requireUnitsApproved(final Connection connection, final Key key) throws SQLException {
        requireAllBelowApproved(connection, key, "organisation", "unit",
                SHARE_UNIT_APPROVALS, List.of(key.subjectId(), key.periodKind(), key.periodStart()),
                UNITS_OF_ORGANISATION, List.of(key.subjectId(), key.periodKind(), key.periodStart(), key.periodKind(),
                        key.periodStart()));
    }

    /**
     * Refuses unless every member (unit of an organisation, organisation of a region) with figures in the period is
     * approved: {@code share} locks their approvals while we look, {@code members} lists them with whether each is.
     */
    private static void requireAllBelowApproved(final Connection connection, final Key key, final String level,
                                                final String member, final String share,
                                                final List<Object> shareParameters, final String members,
                                                final List<Object> memberParameters) throws SQLException {
        try (PreparedStatement lock = prepare(connection, share, shareParameters)) {
            lock.executeQuery().close();
        }
        final List<String> unapproved = new ArrayList<>();
        int count = 0;
        try (PreparedStatement select = prepare(connection, members, memberParameters);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                count++;
                if (!rows.getBoolean(2)) {
                    unapproved.add(rows.getString(1));
                }
            }
        }
        if (count == 0) {
            throw new WriteRefused(WriteRefused.Kind.NOT_FOUND, null, key.text() + " has no " + member
                    + " with figures: there is nothing to approve");
        }
        if (!unapproved.isEmpty()) {
            throw new WriteRefused(WriteRefused.Kind.CONFLICT, null, "the " + key.periodKind() + " from "
                    + key.periodStart() + " of " + level + " " + key.subjectId() + " can be approved once all of its "
                    + count + " " + member + "(s) with figures are; not approved yet: "
                    + String.join(", ", unapproved));
        }
    }

    private static PreparedStatement prepare(final Connection connection, final String sql,
                                             final List<Object> parameters) throws SQLException {
        final PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i) instanceof LocalDate day) {
                Rows.setDate(statement, i + 1, day);
            } else {
                statement.setObject(i + 1, parameters.get(i));
            }
        }
        return statement;
    }

    /**
     * Withdraws the approval, with a reason. The published version stays what the public sees, marked re-opened,
     * until the period is approved again. Refused when the period is not approved, and for a unit while its
     * organisation's approval of the period stands.
     */
    public Approval reopen(final Key key, final AuditTrail.Actor actor, final String reason) {
        return inTransaction(actor, reason, connection -> reopen(connection, key, actor, reason));
    }

    private Approval reopen(final Connection connection, final Key key, final AuditTrail.Actor actor,
                            final String reason) throws SQLException {
        final Optional<Approval> current = lock(connection, key);
        if (current.isEmpty() || !current.get().state().equals("APPROVED")) {
            throw new WriteRefused(WriteRefused.Kind.CONFLICT, null, key.text() + " is not approved"
                    + current.map(row -> " (re-opened by " + row.reopenedBy() + " at " + row.reopenedAt() + ")")
                    .orElse("") + ": there is no approval to re-open");
        }
        if (key.level() == Level.ORGANISATION) {
            refuseUnderRegion(connection, key);
        }
        if (key.level() == Level.UNIT) {
            final Key organisation = new Key(Level.ORGANISATION, key.organisationId(), key.organisationId(),
                    key.periodKind(), key.periodStart(), key.periodEnd());
            final Optional<Approval> above = lock(connection, organisation);
            if (above.isPresent() && above.get().state().equals("APPROVED")) {
                throw new WriteRefused(WriteRefused.Kind.CONFLICT, null, "organisation "
                        + key.organisationId() + " has approved this " + key.periodKind() + " (version "
                        + above.get().version() + " by " + above.get().approvedBy()
                        + "): its approver re-opens it first, then the unit can be re-opened");
            }
        }
        try (PreparedStatement reopen = connection.prepareStatement(REOPEN)) {
            reopen.setString(1, actor.name());
            reopen.setString(2, reason);
            setKey(reopen, 3, key);
            reopen.executeUpdate();
        }
        return lock(connection, key).orElseThrow();
    }

    /** An organisation's approval stays while its region's approval of the same period stands. */
    private static void refuseUnderRegion(final Connection connection, final Key key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(REGION_ABOVE)) {
            select.setString(1, key.periodKind());
            Rows.setDate(select, 2, key.periodStart());
            select.setString(3, key.subjectId());
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    throw new WriteRefused(WriteRefused.Kind.CONFLICT, null, "region " + row.getString(1)
                            + " has approved this " + key.periodKind() + " (version " + row.getInt(2) + " by "
                            + row.getString(3) + "): its approver re-opens it first, then the organisation can be"
                            + " re-opened");
                }
            }
        }
    }

    private static Optional<Approval> lock(final Connection connection, final Key key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LOCK)) {
            setKey(select, 1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(approval(row, 0)) : Optional.empty();
            }
        }
    }

    private static LocalDate asOf(final Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(AS_OF); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getObject(1, LocalDate.class);
        }
    }

    private static void setKey(final PreparedStatement statement, final int first, final Key key)
            throws SQLException {
        statement.setString(first, key.level().name());
        statement.setString(first + 1, key.subjectId());
        statement.setString(first + 2, key.periodKind());
        Rows.setDate(statement, first + 3, key.periodStart());
    }

    private static Approval approval(final ResultSet row, final long publishedFigures) throws SQLException {
        return new Approval(Level.valueOf(row.getString(1)), row.getString(2), row.getString(3), row.getString(4),
                row.getObject(5, LocalDate.class), row.getObject(6, LocalDate.class), row.getString(7),
                row.getInt(8), row.getString(9), row.getObject(10, OffsetDateTime.class), row.getString(11),
                row.getString(12), row.getObject(13, OffsetDateTime.class), row.getString(14), publishedFigures);
    }

    private static Approval withCount(final Approval a, final long published) {
        return new Approval(a.level(), a.subjectId(), a.organisationId(), a.periodKind(), a.periodStart(),
                a.periodEnd(), a.state(), a.version(), a.approvedBy(), a.approvedAt(), a.comment(), a.reopenedBy(),
                a.reopenedAt(), a.reopenReason(), published);
    }

    private static IllegalStateException failed(final SQLException e) {
        return new IllegalStateException("Approval table: " + e.getMessage(), e);
    }
}
