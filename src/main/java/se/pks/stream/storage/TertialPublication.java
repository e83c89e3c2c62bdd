package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * What a unit's approved tertial publishes besides its own figures (V26, docs/approval.md): the unit's key figures of
 * the tertial, frozen in {@code pks.published_figure} in the approval's transaction. The public key figures rank a
 * region's units over these frozen values at read time ({@link PublishedKeyFigureQueries}), so that a unit's rank and
 * the region's median move only when another unit's tertial is approved, never with the live figures.
 */
final class TertialPublication {

    private static final NamedParameters KEY_FIGURES = new NamedParameters("""
            INSERT INTO pks.published_figure (level, subject_id, period_kind, period_start, version, period_end,
                                              figure_kind, figure_start, measure, plan_kind, actual, status,
                                              direction, incomplete, flagged, deficiency_count, deficiencies)
            SELECT 'UNIT', :unit, 'TERTIAL', :start::date, :version, :end::date, 'KEY_FIGURE', :start::date,
                   k.key_figure, NULL, k.value, 'NONE', k.direction, false, false, 0, '{}'
            FROM pks.key_figure k
            WHERE k.unit_id = :unit AND k.period_kind = 'TERTIAL' AND k.period_start = :start::date""");

    private TertialPublication() {
    }

    static void publish(final Connection connection, final ApprovalTable.Key key, final int version)
            throws SQLException {
        if (key.level() != ApprovalTable.Level.UNIT) {
            return;
        }
        try (PreparedStatement insert = KEY_FIGURES.prepare(connection, Map.of("unit", key.subjectId(),
                "start", key.periodStart(), "end", key.periodEnd(), "version", version))) {
            insert.executeUpdate();
        }
    }
}
