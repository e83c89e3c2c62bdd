package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.Deviation;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/**
 * {@code pks.deviations.v1} into {@code pks.deviation}, and the plan row it carries into {@code pks.plan}: every
 * deviation stands for one accepted plan row, so the plan table holds exactly the plans the stream accepted. A deleted
 * plan row deletes both.
 */
final class DeviationTable implements SinkTable {

    private static final String UPSERT = """
            INSERT INTO pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected,
                                       deviation, deviation_pct, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (granularity, period_start, unit_id, measure, plan_kind)
            DO UPDATE SET actual = EXCLUDED.actual, expected = EXCLUDED.expected, deviation = EXCLUDED.deviation,
                          deviation_pct = EXCLUDED.deviation_pct, updated_at = EXCLUDED.updated_at
            WHERE (pks.deviation.actual, pks.deviation.expected, pks.deviation.deviation_pct)
                  IS DISTINCT FROM (EXCLUDED.actual, EXCLUDED.expected, EXCLUDED.deviation_pct)""";
    private static final String DELETE = """
            DELETE FROM pks.deviation
            WHERE unit_id = ? AND measure = ? AND plan_kind = ? AND granularity = ? AND period_start = ?""";
    private static final String UPSERT_PLAN = """
            INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (unit_id, measure, plan_kind, granularity, period_start)
            DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            WHERE pks.plan.value IS DISTINCT FROM EXCLUDED.value""";
    private static final String DELETE_PLAN = """
            DELETE FROM pks.plan
            WHERE unit_id = ? AND measure = ? AND plan_kind = ? AND granularity = ? AND period_start = ?""";

    private final LatestValueTable<Deviation> deviations = new LatestValueTable<>(Topics.DEVIATIONS, UPSERT, DELETE) {
        @Override
        void bindValue(final PreparedStatement statement, final Deviation deviation) throws SQLException {
            statement.setString(1, deviation.granularity().name());
            Rows.setDate(statement, 2, deviation.periodStart());
            statement.setString(3, deviation.unitId());
            statement.setString(4, deviation.measure());
            statement.setString(5, deviation.planKind().name());
            Rows.setNullableDouble(statement, 6, deviation.actual());
            statement.setDouble(7, deviation.expected());
            Rows.setNullableDouble(statement, 8, deviation.deviation());
            Rows.setNullableDouble(statement, 9, deviation.deviationPct());
        }

        @Override
        void bindKey(final PreparedStatement statement, final String key) throws SQLException {
            bindPlanKey(statement, key);
        }
    };

    private final LatestValueTable<Deviation> plans = new LatestValueTable<>(Topics.DEVIATIONS, UPSERT_PLAN,
            DELETE_PLAN) {
        @Override
        void bindValue(final PreparedStatement statement, final Deviation deviation) throws SQLException {
            statement.setString(1, deviation.unitId());
            statement.setString(2, deviation.measure());
            statement.setString(3, deviation.planKind().name());
            statement.setString(4, deviation.granularity().name());
            Rows.setDate(statement, 5, deviation.periodStart());
            statement.setDouble(6, deviation.expected());
        }

        @Override
        void bindKey(final PreparedStatement statement, final String key) throws SQLException {
            bindPlanKey(statement, key);
        }
    };

    @Override
    public Topic<String, ?> topic() {
        return Topics.DEVIATIONS;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        plans.write(connection, records);
        return deviations.write(connection, records);
    }

    /** key: unitId|measure|planKind|granularity|periodStart, the order of both delete statements' parameters. */
    private static void bindPlanKey(final PreparedStatement statement, final String key) throws SQLException {
        final String[] parts = key.split("\\|");
        for (int i = 0; i < 4; i++) {
            statement.setString(i + 1, parts[i]);
        }
        Rows.setDate(statement, 5, LocalDate.parse(parts[4]));
    }
}
