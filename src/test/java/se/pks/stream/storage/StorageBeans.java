package se.pks.stream.storage;

import javax.sql.DataSource;

/** The storage package's beans wired to a test database, for tests in other packages (their fields are package's). */
public final class StorageBeans {

    private StorageBeans() {
    }

    public static PlanVersions planVersions(final DataSource dataSource) {
        final PlanVersions versions = new PlanVersions();
        versions.dataSource = dataSource;
        return versions;
    }

    public static PeriodFigureQueries periodFigureQueries(final DataSource dataSource) {
        final PeriodFigureQueries queries = new PeriodFigureQueries();
        queries.dataSource = dataSource;
        return queries;
    }
}
