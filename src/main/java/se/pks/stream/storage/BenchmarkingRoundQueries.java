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
import java.util.Optional;
import javax.sql.DataSource;
import se.pks.stream.storage.BenchmarkingRounds.Answer;
import se.pks.stream.storage.BenchmarkingRounds.Change;
import se.pks.stream.storage.BenchmarkingRounds.FrozenFigure;
import se.pks.stream.storage.BenchmarkingRounds.Round;
import se.pks.stream.storage.BenchmarkingRounds.RoundUnit;

/**
 * Reads key-figure benchmarking rounds (V23, R__11, docs/benchmarking-round.md): the rounds with their counts, the
 * frozen figures, the answers and what changed between the preliminary figures and the live or final ones.
 */
@ApplicationScoped
public class BenchmarkingRoundQueries {

    private static final String ROUNDS = """
            SELECT r.round_id, r.region_id, r.period_kind, r.period_start, r.period_end, r.key_figures, r.deadline,
                   r.state, r.opened_by, r.opened_at, r.comment, r.closed_by, r.closed_at, r.unanswered_at_close,
                   (SELECT count(DISTINCT unit_id) FROM pks.benchmarking_round_figure f
                    WHERE f.round_id = r.round_id AND f.stage = 'PRELIMINARY'),
                   (SELECT count(*) FROM pks.benchmarking_round_answer a WHERE a.round_id = r.round_id),
                   (SELECT count(*) FROM pks.benchmarking_round_answer a
                    WHERE a.round_id = r.round_id AND a.answer = 'FLAGGED'),
                   (SELECT count(*) FROM pks.benchmarking_round_change c WHERE c.round_id = r.round_id AND c.changed)
            FROM pks.benchmarking_round r
            WHERE (?::bigint IS NULL OR r.round_id = ?) AND (?::text IS NULL OR r.region_id = ?)
              AND (?::text IS NULL OR r.state = ?)
            ORDER BY r.period_start DESC, r.round_id DESC""";
    private static final String FIGURES = """
            SELECT stage, group_id, group_label, key_figure, direction, unit_id, unit_name, organisation_id, ownership,
                   value, n, q1, median, q3, rank, distance_to_median, distance_to_median_pct, deficiency_count,
                   deficiencies
            FROM pks.benchmarking_round_figure
            WHERE round_id = ? AND (?::text IS NULL OR stage = ?) AND (?::text IS NULL OR unit_id = ?)
            ORDER BY stage DESC, group_id, key_figure, rank, unit_id""";
    private static final String ANSWERS = """
            SELECT unit_id, organisation_id, answer, key_figures, comment, answered_by, answered_at
            FROM pks.benchmarking_round_answer WHERE round_id = ? ORDER BY unit_id""";
    private static final String CHANGES = """
            SELECT unit_id, unit_name, organisation_id, key_figure, preliminary, current, current_source, changed
            FROM pks.benchmarking_round_change
            WHERE round_id = ? AND (?::text IS NULL OR unit_id = ?)
            ORDER BY organisation_id, unit_id, key_figure""";
    private static final String UNITS = """
            SELECT DISTINCT unit_id, unit_name, organisation_id FROM pks.benchmarking_round_figure
            WHERE round_id = ? AND stage = 'PRELIMINARY' ORDER BY organisation_id, unit_id""";

    @Inject
    DataSource dataSource;

    /** The region's date today (pks.as_of_date), which decides whether a period lies in the future. */
    public LocalDate today() {
        return read("SELECT pks.as_of_date()", select -> { }, row -> row.getObject(1, LocalDate.class)).getFirst();
    }

    /** The rounds, newest period first; regionId and state narrow them when not null. */
    public List<Round> rounds(final String regionId, final String state) {
        return rounds(null, regionId, state);
    }

    public Optional<Round> round(final long roundId) {
        return rounds(roundId, null, null).stream().findFirst();
    }

    private List<Round> rounds(final Long roundId, final String regionId, final String state) {
        return read(ROUNDS, select -> {
            select.setObject(1, roundId);
            select.setObject(2, roundId);
            select.setString(3, regionId);
            select.setString(4, regionId);
            select.setString(5, state);
            select.setString(6, state);
        }, row -> new Round(row.getLong(1), row.getString(2), row.getString(3), row.getObject(4, LocalDate.class),
                row.getObject(5, LocalDate.class), BenchmarkingRounds.texts(row, 6), row.getObject(7, LocalDate.class),
                row.getString(8), row.getString(9), row.getObject(10, OffsetDateTime.class), row.getString(11),
                row.getString(12), row.getObject(13, OffsetDateTime.class), BenchmarkingRounds.texts(row, 14),
                row.getInt(15), row.getInt(16), row.getInt(17), row.getInt(18)));
    }

    /** The frozen figures of a stage (both when null), of one unit (every unit when null). */
    public List<FrozenFigure> figures(final long roundId, final String stage, final String unitId) {
        return read(FIGURES, select -> {
            select.setLong(1, roundId);
            select.setString(2, stage);
            select.setString(3, stage);
            select.setString(4, unitId);
            select.setString(5, unitId);
        }, row -> new FrozenFigure(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getString(9),
                row.getDouble(10), row.getInt(11), row.getDouble(12), row.getDouble(13), row.getDouble(14),
                row.getInt(15), row.getDouble(16), Rows.nullableDouble(row, 17), row.getInt(18),
                BenchmarkingRounds.texts(row, 19)));
    }

    public List<Answer> answers(final long roundId) {
        return read(ANSWERS, select -> select.setLong(1, roundId), row -> new Answer(row.getString(1),
                row.getString(2), row.getString(3), BenchmarkingRounds.texts(row, 4), row.getString(5),
                row.getString(6), row.getObject(7, OffsetDateTime.class)));
    }

    /** Preliminary beside live (open) or final (closed), of one unit or (null) every unit. */
    public List<Change> changes(final long roundId, final String unitId) {
        return read(CHANGES, select -> {
            select.setLong(1, roundId);
            select.setString(2, unitId);
            select.setString(3, unitId);
        }, row -> new Change(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getDouble(5), Rows.nullableDouble(row, 6), row.getString(7), row.getBoolean(8)));
    }

    public List<RoundUnit> units(final long roundId) {
        return read(UNITS, select -> select.setLong(1, roundId),
                row -> new RoundUnit(row.getString(1), row.getString(2), row.getString(3)));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> read(final String sql, final Binder binder, final Mapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            binder.bind(select);
            final List<T> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        } catch (final SQLException e) {
            throw new IllegalStateException("Reading benchmarking rounds failed: " + e.getMessage(), e);
        }
    }
}
