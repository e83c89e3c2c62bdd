package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A query written with {@code :name} placeholders. The public queries use the same unit and measure in several
 * sub-queries; naming them keeps each filter next to the view it restricts, where PostgreSQL can use it, instead of
 * one CTE of parameters that the planner cannot push into the views.
 */
final class NamedParameters {

    // A PostgreSQL cast (::date) is not a placeholder: the look-behind skips the second colon.
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!:):([a-z][a-zA-Z]*)");

    private final String sql;
    private final List<String> names;

    NamedParameters(final String namedSql) {
        final Matcher matcher = PLACEHOLDER.matcher(namedSql);
        final StringBuilder positional = new StringBuilder();
        final List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
            matcher.appendReplacement(positional, "?");
        }
        matcher.appendTail(positional);
        this.sql = positional.toString();
        this.names = List.copyOf(found);
    }

    PreparedStatement prepare(final Connection connection, final Map<String, Object> values) throws SQLException {
        final PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < names.size(); i++) {
            if (!values.containsKey(names.get(i))) {
                statement.close();
                throw new IllegalArgumentException("No value for :" + names.get(i));
            }
            statement.setObject(i + 1, values.get(names.get(i)));
        }
        return statement;
    }

    /** One row of a result, read by its caller. */
    interface RowMapper<T> {
        T map(ResultSet result) throws SQLException;
    }

    /**
     * Every row of the query with these values, on a connection of its own; a failure is reported as what was being
     * read ({@code reading}) with the database's message.
     */
    <T> List<T> list(final DataSource dataSource, final Map<String, Object> values, final RowMapper<T> mapper,
            final String reading) {
        return list(dataSource, PlanBasis.CURRENT, values, mapper, reading);
    }

    /** The same, with the period views comparing with the plan {@code basis} names. */
    <T> List<T> list(final DataSource dataSource, final PlanBasis basis, final Map<String, Object> values,
            final RowMapper<T> mapper, final String reading) {
        try {
            return basis.read(dataSource, connection -> {
                try (PreparedStatement statement = prepare(connection, values);
                     ResultSet result = statement.executeQuery()) {
                    final List<T> rows = new ArrayList<>();
                    while (result.next()) {
                        rows.add(mapper.map(result));
                    }
                    return rows;
                }
            });
        } catch (final SQLException e) {
            throw new IllegalStateException(reading + " failed: " + e.getMessage(), e);
        }
    }
}
