package se.pks.stream.storage;

import javax.sql.DataSource;

/** The storage package's query beans on a given database, for the API tests outside the package. */
public final class QueriesOn {

    private QueriesOn() {
    }

    public static FigureQueries figureQueries(final DataSource dataSource) {
        final FigureQueries queries = new FigureQueries();
        queries.dataSource = dataSource;
        return queries;
    }

    public static PeriodFigureQueries periodFigureQueries(final DataSource dataSource) {
        final PeriodFigureQueries queries = new PeriodFigureQueries();
        queries.dataSource = dataSource;
        return queries;
    }
}
