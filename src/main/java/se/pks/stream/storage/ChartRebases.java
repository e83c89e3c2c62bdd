package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import se.pks.stream.analysis.EffectFollowUp;
import se.pks.stream.analysis.EffectVerdict;
import se.pks.stream.analysis.ExpectedDirection;
import se.pks.stream.analysis.WeeklyPoint;

/**
 * The days a unit's chart of a measure is re-based at (docs/spc.md, "Re-basing"): the re-bases people recorded in
 * {@code pks.spc_rebase}, and the effect date of every DONE action on the unit and measure whose effect follow-up has
 * found a sustained shift. An action not yet shown to have changed the process does not re-base: new limits drawn
 * round an unchanged process would only hide the shift the follow-up is waiting for. The follow-up is the API's own
 * ({@link EffectFollowUp}) on the same ended weeks as the chart.
 */
final class ChartRebases {

    private static final Set<EffectVerdict> SHIFTED = Set.of(EffectVerdict.EFFECT_SHOWN, EffectVerdict.OPPOSITE_SHIFT);
    private static final String RECORDED = "SELECT rebase_from FROM pks.spc_rebase WHERE unit_id = ? AND measure = ?";
    private static final String DONE_ACTIONS = """
            SELECT done_on, expected_direction FROM pks.action
            WHERE status = 'DONE' AND unit_id = ? AND measure = ?""";

    private ChartRebases() {
    }

    /** @param series the unit's ended weeks of the measure, as charted */
    static List<LocalDate> of(final Connection connection, final String unit, final String measure,
                              final List<WeeklyPoint> series) throws SQLException {
        final List<LocalDate> days = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(RECORDED)) {
            select.setString(1, unit);
            select.setString(2, measure);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    days.add(rows.getObject(1, LocalDate.class));
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement(DONE_ACTIONS)) {
            select.setString(1, unit);
            select.setString(2, measure);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    final LocalDate doneOn = rows.getObject(1, LocalDate.class);
                    final ExpectedDirection expected = ExpectedDirection.valueOf(rows.getString(2));
                    if (SHIFTED.contains(EffectFollowUp.assess(series, doneOn, expected).verdict())) {
                        days.add(doneOn);
                    }
                }
            }
        }
        return days;
    }
}
