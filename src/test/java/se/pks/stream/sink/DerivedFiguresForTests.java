package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;

/** The refresher's own year-end projections, for tests of other packages that fill the database directly. */
public final class DerivedFiguresForTests {

    private DerivedFiguresForTests() {
    }

    public static void projection(final Connection connection, final String unit, final String measure,
                                  final LocalDate today) throws SQLException {
        new Projections().refresh(connection, unit, measure, today);
    }
}
