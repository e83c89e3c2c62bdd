package se.pks.stream.storage;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * What the data-quality register knows is wrong with one figure (docs/data-quality.md): whether reports are missing
 * ({@code incomplete}), whether a value is an outlier or implausible ({@code flagged}), how many deficiencies there
 * are and their labels, e.g. "MISSING_DATA 2025-03-05 VISITS" or, on a rollup, "u1: MISSING_DATA 2025-03-05 VISITS".
 */
public record Deficiencies(boolean incomplete, boolean flagged, long count, List<String> labels) {

    /** Reads the four columns incomplete, flagged, deficiency_count, deficiencies starting at {@code first}. */
    static Deficiencies of(final ResultSet result, final int first) throws SQLException {
        final Array array = result.getArray(first + 3);
        final List<String> labels = array == null ? List.of()
                : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
        return new Deficiencies(result.getBoolean(first), result.getBoolean(first + 1), result.getLong(first + 2),
                labels);
    }
}
