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
import javax.sql.DataSource;
import se.pks.stream.storage.BenchmarkingRounds.Answer;
import se.pks.stream.storage.BenchmarkingRounds.Round;

/**
 * Opens, answers and closes key-figure benchmarking rounds (V23, docs/benchmarking-round.md). Each step is one
 * transaction together with its audit entry (the tables' triggers) and, for opening and closing, the frozen figures:
 * a failure leaves neither. Every check that depends on the stored state (the period has ended, the round is open,
 * its deadline has not passed) is made inside that transaction on the locked round row, so an answer and the closing
 * cannot cross: closing waits for an answer under way, and an answer after it sees the round closed.
 */
@ApplicationScoped
public class BenchmarkingRoundTable {

    /** What leadership opens: a region's month or tertial, the key figures reviewed and the deadline. */
    public record Opening(String regionId, String periodKind, LocalDate periodStart, LocalDate periodEnd,
                          List<String> keyFigures, LocalDate deadline, String comment) {
    }

    /** The answer as stored, and whether it replaced an earlier one of the unit. */
    public record Answered(Answer answer, boolean replaced) {
    }

    private static final String AS_OF = "SELECT pks.as_of_date()";
    private static final String REGION_KNOWN = "SELECT 1 FROM pks.unit WHERE region_id = ? LIMIT 1";
    private static final String EXISTING = """
            SELECT round_id, state FROM pks.benchmarking_round
            WHERE region_id = ? AND period_kind = ? AND period_start = ?""";
    private static final String INSERT = """
            INSERT INTO pks.benchmarking_round (region_id, period_kind, period_start, period_end, key_figures, deadline,
                                                state, opened_by, comment)
            VALUES (?, ?, ?, ?, string_to_array(?, ','), ?, 'OPEN', ?, ?)
            ON CONFLICT (region_id, period_kind, period_start) DO NOTHING
            RETURNING round_id""";
    /**
     * The round's key figures of every unit of its region, in every group the unit is in, as the comparison view has
     * them now, with the known deficiencies of each figure's measures. The period and region are given as values, not
     * joined from the round's row, so that PostgreSQL restricts the views to them before it computes them; one
     * comparison per group of the region's units (pks.group_key_figure_comparison), so that each computes its own
     * members' figures only.
     */
    private static final NamedParameters FREEZE = new NamedParameters("""
            INSERT INTO pks.benchmarking_round_figure (round_id, stage, group_id, group_label, key_figure, direction,
                                                       unit_id, unit_name, organisation_id, ownership, value, n, q1,
                                                       median, q3, rank, distance_to_median, distance_to_median_pct,
                                                       deficiency_count, deficiencies)
            WITH deficiency AS (
                SELECT unit_id, key_figure, deficiency_count, deficiencies FROM pks.key_figure_deficiency
                WHERE region_id = :region AND period_kind = :kind AND period_start = :start
            )
            SELECT :round, :stage, c.group_id, c.group_label, c.key_figure, c.direction, c.unit_id, c.unit_name,
                   c.organisation_id, c.ownership, c.value, c.n, c.q1, c.median, c.q3, c.rank, c.distance_to_median,
                   c.distance_to_median_pct, coalesce(d.deficiency_count, 0), coalesce(d.deficiencies, '{}')
            FROM (SELECT DISTINCT m.group_id FROM pks.comparison_group_member m
                  JOIN pks.unit u ON u.unit_id = m.unit_id AND u.region_id = :region) AS g
            CROSS JOIN LATERAL pks.group_key_figure_comparison(g.group_id, :kind, :start) AS c
            JOIN pks.unit u ON u.unit_id = c.unit_id AND u.region_id = :region
            LEFT JOIN deficiency d ON d.unit_id = c.unit_id AND d.key_figure = c.key_figure
            WHERE c.key_figure = ANY (string_to_array(:figures, ','))""");
    private static final String LOCK = """
            SELECT state, deadline, closed_by, closed_at, region_id, period_kind, period_start,
                   array_to_string(key_figures, ',')
            FROM pks.benchmarking_round WHERE round_id = ? FOR %s""";
    private static final String UNIT_FIGURES = """
            SELECT DISTINCT key_figure FROM pks.benchmarking_round_figure
            WHERE round_id = ? AND stage = 'PRELIMINARY' AND unit_id = ? ORDER BY key_figure""";
    private static final String UNITS = """
            SELECT DISTINCT unit_id FROM pks.benchmarking_round_figure
            WHERE round_id = ? AND stage = 'PRELIMINARY' ORDER BY unit_id""";
    private static final String ANSWER = """
            INSERT INTO pks.benchmarking_round_answer (round_id, unit_id, organisation_id, answer, key_figures, comment,
                                                       answered_by)
            VALUES (?, ?, ?, ?, string_to_array(?, ','), ?, ?)
            ON CONFLICT (round_id, unit_id) DO UPDATE
                SET organisation_id = EXCLUDED.organisation_id, answer = EXCLUDED.answer,
                    key_figures = EXCLUDED.key_figures, comment = EXCLUDED.comment,
                    answered_by = EXCLUDED.answered_by, answered_at = now()
            RETURNING unit_id, organisation_id, answer, key_figures, comment, answered_by, answered_at,
                      (xmax <> 0) AS replaced""";
    private static final String UNANSWERED = """
            SELECT DISTINCT f.unit_id FROM pks.benchmarking_round_figure f
            WHERE f.round_id = ? AND f.stage = 'PRELIMINARY'
              AND NOT EXISTS (SELECT 1 FROM pks.benchmarking_round_answer a
                              WHERE a.round_id = f.round_id AND a.unit_id = f.unit_id)
            ORDER BY f.unit_id""";
    private static final String CLOSE = """
            UPDATE pks.benchmarking_round SET state = 'CLOSED', closed_by = ?, closed_at = now(),
                   unanswered_at_close = string_to_array(?, ',')
            WHERE round_id = ?""";

    @Inject
    DataSource dataSource;

    @Inject
    BenchmarkingRoundQueries queries;

    /**
     * Opens the round and freezes its preliminary figures. Refused, with nothing changed, when the period has not
     * ended, the deadline has passed, the region has no unit, a round for the period exists, or no unit of the region
     * has any of the key figures in the period.
     */
    public Round open(final Opening opening, final AuditTrail.Actor actor) {
        final long roundId = inTransaction(actor, opening.comment(), connection -> open(connection, opening, actor));
        return queries.round(roundId).orElseThrow();
    }

    private long open(final Connection connection, final Opening opening, final AuditTrail.Actor actor)
            throws SQLException {
        final LocalDate today = asOf(connection);
        if (!opening.periodEnd().isBefore(today)) {
            throw new WriteRefused(WriteRefused.Kind.INVALID, "period", "has not ended: the " + opening.periodKind()
                    + " from " + opening.periodStart() + " ends on " + opening.periodEnd() + " and today is " + today
                    + "; a round reviews the figures of an ended month or tertial");
        }
        if (opening.deadline().isBefore(today)) {
            throw new WriteRefused(WriteRefused.Kind.INVALID, "deadline", "has passed: " + opening.deadline()
                    + " is before today, " + today + "; give the units a day to review, today or later");
        }
        try (PreparedStatement known = connection.prepareStatement(REGION_KNOWN)) {
            known.setString(1, opening.regionId());
            try (ResultSet row = known.executeQuery()) {
                if (!row.next()) {
                    throw new WriteRefused(WriteRefused.Kind.NOT_FOUND, "regionId", "unknown region '"
                            + opening.regionId() + "': no unit of it is registered");
                }
            }
        }
        final long roundId;
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, opening.regionId());
            insert.setString(2, opening.periodKind());
            Rows.setDate(insert, 3, opening.periodStart());
            Rows.setDate(insert, 4, opening.periodEnd());
            insert.setString(5, String.join(",", opening.keyFigures()));
            Rows.setDate(insert, 6, opening.deadline());
            insert.setString(7, actor.name());
            insert.setString(8, opening.comment());
            try (ResultSet row = insert.executeQuery()) {
                if (!row.next()) {
                    throw existing(connection, opening);
                }
                roundId = row.getLong(1);
            }
        }
        if (freeze(connection, roundId, "PRELIMINARY", lock(connection, roundId, "UPDATE")) == 0) {
            throw new WriteRefused(WriteRefused.Kind.NOT_FOUND, "period", "no unit of region " + opening.regionId()
                    + " has any of the key figures " + opening.keyFigures() + " in the " + opening.periodKind()
                    + " from " + opening.periodStart() + ": there is nothing to review");
        }
        return roundId;
    }

    private static WriteRefused existing(final Connection connection, final Opening opening) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EXISTING)) {
            select.setString(1, opening.regionId());
            select.setString(2, opening.periodKind());
            Rows.setDate(select, 3, opening.periodStart());
            try (ResultSet row = select.executeQuery()) {
                final String which = row.next() ? " (round " + row.getLong(1) + ", " + row.getString(2) + ")" : "";
                return new WriteRefused(WriteRefused.Kind.CONFLICT, null, "region " + opening.regionId()
                        + " has a benchmarking round for the " + opening.periodKind() + " from "
                        + opening.periodStart() + " already" + which + "; there is one round per region and period");
            }
        }
    }

    /**
     * Stores a unit's answer; a second answer replaces the first (the audit trail keeps both). Refused when the round
     * is unknown or closed, its deadline has passed, the unit is not in it, or a flag names a key figure the unit does
     * not have in the round.
     */
    public Answered answer(final long roundId, final Answer answer, final AuditTrail.Actor actor) {
        return inTransaction(actor, answer.comment(), connection -> answer(connection, roundId, answer, actor));
    }

    private Answered answer(final Connection connection, final long roundId, final Answer answer,
                            final AuditTrail.Actor actor) throws SQLException {
        final LocalDate today = asOf(connection);
        final Locked round = lock(connection, roundId, "SHARE");
        if (round.state().equals("CLOSED")) {
            throw closed(roundId, round);
        }
        if (today.isAfter(round.deadline())) {
            throw new WriteRefused(WriteRefused.Kind.CONFLICT, null, "the deadline of round " + roundId + " was "
                    + round.deadline() + " and today is " + today + ": answers are no longer taken; leadership can"
                    + " still close the round");
        }
        final List<String> figures = strings(connection, UNIT_FIGURES, roundId, answer.unitId());
        if (figures.isEmpty()) {
            throw new WriteRefused(WriteRefused.Kind.NOT_FOUND, "unitId", "unit " + answer.unitId()
                    + " is not in round " + roundId + ": it had none of the round's key figures when the round was"
                    + " opened; the units in it are " + String.join(", ", strings(connection, UNITS, roundId, null)));
        }
        final List<String> unknown = answer.keyFigures().stream().filter(figure -> !figures.contains(figure))
                .toList();
        if (!unknown.isEmpty()) {
            throw new WriteRefused(WriteRefused.Kind.INVALID, "keyFigures", "unit " + answer.unitId()
                    + " has no figure " + unknown + " in round " + roundId + "; its figures are " + figures);
        }
        try (PreparedStatement insert = connection.prepareStatement(ANSWER)) {
            insert.setLong(1, roundId);
            insert.setString(2, answer.unitId());
            insert.setString(3, answer.organisationId());
            insert.setString(4, answer.answer());
            insert.setString(5, String.join(",", answer.keyFigures()));
            insert.setString(6, answer.comment());
            insert.setString(7, actor.name());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                final List<String> keyFigures = BenchmarkingRounds.texts(row, 4);
                return new Answered(new Answer(row.getString(1), row.getString(2), row.getString(3),
                        keyFigures == null ? List.of() : keyFigures, row.getString(5), row.getString(6),
                        row.getObject(7, OffsetDateTime.class)), row.getBoolean(8));
            }
        }
    }

    /**
     * Closes the round: freezes its final figures (the live values now, the group statistics recomputed) and records
     * which units had not answered. Refused when the round is unknown or closed already.
     */
    public Round close(final long roundId, final AuditTrail.Actor actor, final String comment) {
        inTransaction(actor, comment, connection -> {
            final Locked round = lock(connection, roundId, "UPDATE");
            if (round.state().equals("CLOSED")) {
                throw closed(roundId, round);
            }
            final List<String> unanswered = strings(connection, UNANSWERED, roundId, null);
            freeze(connection, roundId, "FINAL", round);
            try (PreparedStatement close = connection.prepareStatement(CLOSE)) {
                close.setString(1, actor.name());
                close.setString(2, String.join(",", unanswered));
                close.setLong(3, roundId);
                close.executeUpdate();
            }
            return roundId;
        });
        return queries.round(roundId).orElseThrow();
    }

    /** The round's row as locked: its state and what its figures are frozen for. */
    private record Locked(String state, LocalDate deadline, String closedBy, OffsetDateTime closedAt, String regionId,
                          String periodKind, LocalDate periodStart, String keyFigures) {
    }

    private static Locked lock(final Connection connection, final long roundId, final String mode)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LOCK.formatted(mode))) {
            select.setLong(1, roundId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new WriteRefused(WriteRefused.Kind.NOT_FOUND, "roundId", "unknown benchmarking round "
                            + roundId);
                }
                return new Locked(row.getString(1), row.getObject(2, LocalDate.class), row.getString(3),
                        row.getObject(4, OffsetDateTime.class), row.getString(5), row.getString(6),
                        row.getObject(7, LocalDate.class), row.getString(8));
            }
        }
    }

    private static WriteRefused closed(final long roundId, final Locked round) {
        return new WriteRefused(WriteRefused.Kind.CONFLICT, null, "round " + roundId + " is closed already (by "
                + round.closedBy() + " at " + round.closedAt() + "); its final figures are frozen");
    }

    private static int freeze(final Connection connection, final long roundId, final String stage,
                              final Locked round) throws SQLException {
        try (PreparedStatement freeze = FREEZE.prepare(connection, Map.of("round", roundId, "stage", stage,
                "region", round.regionId(), "kind", round.periodKind(), "start", round.periodStart(),
                "figures", round.keyFigures()))) {
            return freeze.executeUpdate();
        }
    }

    private static List<String> strings(final Connection connection, final String sql, final long roundId,
                                        final String unitId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, roundId);
            if (unitId != null) {
                select.setString(2, unitId);
            }
            final List<String> values = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private interface Step<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One transaction named for the audit trail: the step's changes and their audit entries commit together or not. */
    private <T> T inTransaction(final AuditTrail.Actor actor, final String why, final Step<T> step) {
        try (Connection connection = dataSource.getConnection()) {
            AuditTrail.name(connection, actor, why);
            try {
                final T result = step.run(connection);
                connection.commit();
                return result;
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("Benchmarking round: " + e.getMessage(), e);
        }
    }

    private static LocalDate asOf(final Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(AS_OF); ResultSet row = select.executeQuery()) {
            row.next();
            return row.getObject(1, LocalDate.class);
        }
    }
}
