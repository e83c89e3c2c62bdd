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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import se.pks.stream.model.Plan;

/**
 * Plan versions and adoptions (V21, docs/plans-and-units-api.md, "Plan versions and the adopted plan"). The versions
 * themselves are appended by a trigger on {@code pks.plan}, in the sink's transaction; this class records who asks for
 * a change before it is sent ({@link #request}), lists the versions, and adopts a year's plan.
 */
@ApplicationScoped
public class PlanVersions {

    /** How a person's change arrives: one row through the API, or a row of an uploaded file. */
    public enum Source { PERSON, UPLOAD }

    /** One plan row a person asks to set ({@code value} non-null) or remove ({@code value} null). */
    public record Change(String unitId, String measure, String planKind, String granularity, LocalDate periodStart,
                         Double value) {

        public static Change of(final Plan plan) {
            return new Change(plan.unitId(), plan.measure(), plan.planKind().name(), plan.granularity().name(),
                    plan.periodStart(), plan.value());
        }
    }

    /** One version of a plan row; {@code value} null is a removal; {@code adoptedFor} the year whose standing adoption
     * holds it, else null. */
    public record Version(long versionId, String unitId, String measure, String planKind, String granularity,
                          LocalDate periodStart, Double value, OffsetDateTime recordedAt, String source, String author,
                          String reason, Integer adoptedFor) {
    }

    /** One adoption of a year's plan; {@code standing} false once a later adoption of the year superseded it. */
    public record Adoption(long adoptionId, int year, OffsetDateTime adoptedAt, String adoptedBy, String reason,
                           Long supersedes, int planRows, boolean standing) {
    }

    /** Narrows the versions listed; null fields do not narrow. */
    public record Filter(String unitId, String measure, String planKind, String granularity, LocalDate from,
                         LocalDate to, int limit) {
    }

    private static final String REQUEST = """
            INSERT INTO pks.plan_change (unit_id, measure, plan_kind, granularity, period_start, value, source, author,
                                         reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final NamedParameters VERSIONS = new NamedParameters("""
            SELECT v.version_id, v.unit_id, v.measure, v.plan_kind, v.granularity, v.period_start, v.value,
                   v.recorded_at, v.source, v.author, v.reason,
                   (SELECT a.year FROM pks.adopted_plan a WHERE a.version_id = v.version_id)
            FROM pks.plan_version v
            WHERE v.unit_id = :unit AND (:measure::text IS NULL OR v.measure = :measure)
              AND (:planKind::text IS NULL OR v.plan_kind = :planKind)
              AND (:granularity::text IS NULL OR v.granularity = :granularity)
              AND (:from::date IS NULL OR v.period_start >= :from) AND (:to::date IS NULL OR v.period_start <= :to)
            ORDER BY v.measure, v.plan_kind, v.granularity, v.period_start, v.version_id
            LIMIT :limit""");
    private static final String ADOPTIONS = """
            SELECT a.adoption_id, a.year, a.adopted_at, a.adopted_by, a.reason, a.supersedes, a.plan_rows,
                   NOT EXISTS (SELECT 1 FROM pks.plan_adoption later
                               WHERE later.year = a.year AND later.adoption_id > a.adoption_id)
            FROM pks.plan_adoption a
            WHERE (?::integer IS NULL OR a.year = ?)
            ORDER BY a.year DESC, a.adoption_id DESC""";
    /** Two people adopting the same year at once: the second waits and then sees the first's adoption. */
    private static final String LOCK_YEAR = "SELECT pg_advisory_xact_lock(hashtext('pks.plan_adoption'), ?)";
    private static final String STANDING = """
            SELECT adoption_id, adopted_at, adopted_by FROM pks.plan_adoption WHERE year = ?
            ORDER BY adoption_id DESC LIMIT 1""";
    /**
     * The year's plan rows at their latest versions, removed rows left out, adopted in one statement, so the set
     * counted is the set listed even while the sink appends versions. A week belongs to its ISO year, a month to its
     * year (pks.ambition_year), so the rows are looked for from a week before the year to its end.
     */
    private static final String ADOPT = """
            WITH latest AS (
                SELECT DISTINCT ON (unit_id, measure, plan_kind, granularity, period_start)
                       version_id, value, granularity, period_start
                FROM pks.plan_version
                WHERE period_start BETWEEN make_date(?, 1, 1) - 7 AND make_date(?, 12, 31)
                ORDER BY unit_id, measure, plan_kind, granularity, period_start, version_id DESC
            ),
            chosen AS (
                SELECT version_id FROM latest
                WHERE value IS NOT NULL AND pks.ambition_year(granularity, period_start, period_start) = ?
            ),
            adoption AS (
                INSERT INTO pks.plan_adoption (year, adopted_by, reason, supersedes, plan_rows)
                SELECT ?, ?, ?, ?, count(*) FROM chosen HAVING count(*) > 0
                RETURNING adoption_id, adopted_at, plan_rows
            ),
            listed AS (
                INSERT INTO pks.plan_adoption_version (adoption_id, version_id)
                SELECT a.adoption_id, c.version_id FROM adoption a CROSS JOIN chosen c
            )
            SELECT adoption_id, adopted_at, plan_rows FROM adoption""";

    /** The year's standing adoption, row by row (pks.adopted_plan), replaced by the new one. */
    private static final String CLEAR_STANDING = "DELETE FROM pks.adopted_plan WHERE year = ?";
    private static final String COPY_STANDING = """
            INSERT INTO pks.adopted_plan (unit_id, measure, plan_kind, granularity, period_start, value, year,
                                          adoption_id, adopted_at, version_id)
            SELECT v.unit_id, v.measure, v.plan_kind, v.granularity, v.period_start, v.value, a.year, a.adoption_id,
                   a.adopted_at, v.version_id
            FROM pks.plan_adoption a
            JOIN pks.plan_adoption_version av ON av.adoption_id = a.adoption_id
            JOIN pks.plan_version v ON v.version_id = av.version_id
            WHERE a.adoption_id = ?""";

    /**
     * The year-end projections against the adopted plan (pks.adopted_projection, V25) of every unit and measure with
     * a target in the year's standing adoption, before or after it is replaced: the sink's refresher recomputes them
     * (RefreshRequests in the sink writes the same rows). A unit the new adoption leaves out so loses its projection.
     */
    private static final String REQUEST_PROJECTIONS = """
            INSERT INTO pks.refresh_request (kind, unit_id, measure)
            SELECT DISTINCT 'SERIES', unit_id, measure FROM pks.adopted_plan WHERE year = ? AND plan_kind = 'TARGET'
            ON CONFLICT (kind, unit_id, measure) DO UPDATE SET claimed_until = NULL
            WHERE pks.refresh_request.claimed_until IS NOT NULL""";

    @Inject
    DataSource dataSource;

    /** Records who asks for these changes and why, before they are sent to Kafka. */
    public void request(final List<Change> changes, final Source source, final AuditTrail.Actor actor,
                              final String reason) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(REQUEST)) {
                for (final Change change : changes) {
                    insert.setString(1, change.unitId());
                    insert.setString(2, change.measure());
                    insert.setString(3, change.planKind());
                    insert.setString(4, change.granularity());
                    Rows.setDate(insert, 5, change.periodStart());
                    Rows.setNullableDouble(insert, 6, change.value());
                    insert.setString(7, source.name());
                    insert.setString(8, actor.name());
                    insert.setString(9, reason);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        } catch (final SQLException e) {
            throw new IllegalStateException("Recording who changes " + changes.size() + " plan row(s) failed: "
                    + e.getMessage(), e);
        }
    }

    /** A unit's versions, row by row, oldest first. */
    public List<Version> versions(final Filter filter) {
        final Map<String, Object> values = new HashMap<>();
        values.put("unit", filter.unitId());
        values.put("measure", filter.measure());
        values.put("planKind", filter.planKind());
        values.put("granularity", filter.granularity());
        values.put("from", filter.from() == null ? null : java.sql.Date.valueOf(filter.from()));
        values.put("to", filter.to() == null ? null : java.sql.Date.valueOf(filter.to()));
        values.put("limit", filter.limit());
        return VERSIONS.list(dataSource, values, result -> new Version(result.getLong(1), result.getString(2),
                result.getString(3), result.getString(4), result.getString(5), result.getObject(6, LocalDate.class),
                Rows.nullableDouble(result, 7), result.getObject(8, OffsetDateTime.class), result.getString(9),
                result.getString(10), result.getString(11), (Integer) result.getObject(12)), "Reading plan versions");
    }

    /** Every adoption, of one year or of all, newest first. */
    public List<Adoption> adoptions(final Integer year) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(ADOPTIONS)) {
            select.setObject(1, year, java.sql.Types.INTEGER);
            select.setObject(2, year, java.sql.Types.INTEGER);
            final List<Adoption> adoptions = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    adoptions.add(new Adoption(rows.getLong(1), rows.getInt(2),
                            rows.getObject(3, OffsetDateTime.class), rows.getString(4), rows.getString(5),
                            Rows.nullableLong(rows, 6), rows.getInt(7), rows.getBoolean(8)));
                }
            }
            return adoptions;
        } catch (final SQLException e) {
            throw new IllegalStateException("Reading plan adoptions failed: " + e.getMessage(), e);
        }
    }

    /**
     * Adopts the year's plan as it stands: its rows at their latest versions. Refused, with nothing changed, when the
     * year has no plan rows, or when it is adopted already and no reason is given. The adoption and its audit entry
     * are one transaction.
     */
    public Adoption adopt(final int year, final AuditTrail.Actor actor, final String reason) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, actor, reason);
            try {
                final Adoption adoption = adopt(connection, year, actor, reason);
                connection.commit();
                return adoption;
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Adopting the plan of " + year + " failed: " + e.getMessage(), e);
        }
    }

    private static Adoption adopt(final Connection connection, final int year, final AuditTrail.Actor actor,
                                  final String reason) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_YEAR)) {
            lock.setInt(1, year);
            lock.executeQuery().close();
        }
        Long standing = null;
        try (PreparedStatement select = connection.prepareStatement(STANDING)) {
            select.setInt(1, year);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    standing = row.getLong(1);
                    if (reason == null || reason.isBlank()) {
                        throw new WriteRefused(WriteRefused.Kind.CONFLICT, "reason", "The plan of " + year
                                + " is adopted already (adoption " + standing + " on "
                                + row.getObject(2, OffsetDateTime.class) + " by " + row.getString(3)
                                + "): adopting it again needs a reason, e.g. {\"year\":" + year
                                + ",\"reason\":\"revised budget adopted by the board\"}");
                    }
                }
            }
        }
        try (PreparedStatement adopt = connection.prepareStatement(ADOPT)) {
            adopt.setInt(1, year);
            adopt.setInt(2, year);
            adopt.setInt(3, year);
            adopt.setInt(4, year);
            adopt.setString(5, actor.name());
            adopt.setString(6, reason);
            adopt.setObject(7, standing, java.sql.Types.BIGINT);
            final Adoption adoption;
            try (ResultSet row = adopt.executeQuery()) {
                if (!row.next()) {
                    throw new WriteRefused(WriteRefused.Kind.NOT_FOUND, "year", "Nothing to adopt: there are"
                            + " no plan rows for " + year + " (a week belongs to its ISO year, a month to its year)");
                }
                adoption = new Adoption(row.getLong(1), year, row.getObject(2, OffsetDateTime.class), actor.name(),
                        reason, standing, row.getInt(3), true);
            }
            replaceStanding(connection, adoption);
            return adoption;
        }
    }

    private static void replaceStanding(final Connection connection, final Adoption adoption) throws SQLException {
        try (PreparedStatement clear = connection.prepareStatement(CLEAR_STANDING);
             PreparedStatement copy = connection.prepareStatement(COPY_STANDING);
             PreparedStatement request = connection.prepareStatement(REQUEST_PROJECTIONS)) {
            request.setInt(1, adoption.year());
            request.executeUpdate();
            clear.setInt(1, adoption.year());
            clear.executeUpdate();
            copy.setLong(1, adoption.adoptionId());
            copy.executeUpdate();
            request.executeUpdate();
        }
    }
}
