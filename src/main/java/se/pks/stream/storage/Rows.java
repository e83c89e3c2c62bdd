package se.pks.stream.storage;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;

/** Small JDBC helpers shared by the tables and queries. */
public final class Rows {

    private Rows() {
    }

    public static void setDate(final PreparedStatement statement, final int index, final LocalDate date)
            throws SQLException {
        statement.setDate(index, Date.valueOf(date));
    }

    public static void setNullableDouble(final PreparedStatement statement, final int index, final Double value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    /** The column's value, or null where the database has NULL (getDouble would say 0). */
    public static Double nullableDouble(final ResultSet result, final int column) throws SQLException {
        final double value = result.getDouble(column);
        return result.wasNull() ? null : value;
    }

    /** The column's value, or null where the database has NULL (getLong would say 0). */
    public static Long nullableLong(final ResultSet result, final int column) throws SQLException {
        final long value = result.getLong(column);
        return result.wasNull() ? null : value;
    }
}
