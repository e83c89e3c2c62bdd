package se.pks.stream.storage;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a key-figure benchmarking round (V23, docs/benchmarking-round.md) as the register and the API pass
 * them around: the round, its frozen figures, the units' answers and what changed since the preliminary figures.
 */
public final class BenchmarkingRounds {

    private BenchmarkingRounds() {
    }

    /**
     * A round with its counts: {@code units} in it (every unit of the region with one of its key figures when it was
     * opened), how many have {@code answered} and {@code flagged}, and how many of its preliminary figures have
     * {@code changed} since (against the live figures while open, the final ones once closed).
     */
    public record Round(long roundId, String regionId, String periodKind, LocalDate periodStart, LocalDate periodEnd,
                        List<String> keyFigures, LocalDate deadline, String state, String openedBy,
                        OffsetDateTime openedAt, String comment, String closedBy, OffsetDateTime closedAt,
                        List<String> unansweredAtClose, int units, int answered, int flagged, int changed) {
    }

    /** One frozen figure: a unit's key figure beside its group, as pks.key_figure_comparison had it. */
    public record FrozenFigure(String stage, String groupId, String groupLabel, String keyFigure, String direction,
                               String unitId, String unitName, String organisationId, String ownership, double value,
                               int n, double q1, double median, double q3, int rank, double distanceToMedian,
                               Double distanceToMedianPct, int deficiencyCount, List<String> deficiencies) {
    }

    /** A unit's answer; {@code keyFigures} are the figures a flag names (empty: the unit's figures as a whole). */
    public record Answer(String unitId, String organisationId, String answer, List<String> keyFigures,
                         String comment, String answeredBy, OffsetDateTime answeredAt) {
    }

    /** A unit's key figure: frozen preliminary beside the live (open round) or final (closed round) value. */
    public record Change(String unitId, String unitName, String organisationId, String keyFigure, double preliminary,
                         Double current, String currentSource, boolean changed) {
    }

    /** A unit in the round and the organisation it belongs to. */
    public record RoundUnit(String unitId, String unitName, String organisationId) {
    }

    static List<String> texts(final ResultSet row, final int column) throws SQLException {
        final Array array = row.getArray(column);
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }
}
