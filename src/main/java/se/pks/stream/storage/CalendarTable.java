package se.pks.stream.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.topology.Topics;

/** The production calendar ({@code pks.calendar.v1}) into {@code pks.calendar_week}; a tombstone makes a week normal. */
final class CalendarTable extends LatestValueTable<CalendarWeek> {

    private static final String UPSERT = """
            INSERT INTO pks.calendar_week (region_id, week_start, kind, label) VALUES (?, ?, ?, ?)
            ON CONFLICT (region_id, week_start) DO UPDATE SET kind = EXCLUDED.kind, label = EXCLUDED.label""";
    private static final String DELETE = "DELETE FROM pks.calendar_week WHERE region_id = ? AND week_start = ?";

    CalendarTable() {
        super(Topics.CALENDAR, UPSERT, DELETE);
    }

    @Override
    void bindValue(final PreparedStatement statement, final CalendarWeek week) throws SQLException {
        statement.setString(1, week.regionId());
        Rows.setDate(statement, 2, week.weekStart());
        statement.setString(3, week.kind().name());
        statement.setString(4, week.label());
    }

    /** key: regionId|weekStart */
    @Override
    void bindKey(final PreparedStatement statement, final String key) throws SQLException {
        final int split = key.lastIndexOf('|');
        statement.setString(1, key.substring(0, split));
        Rows.setDate(statement, 2, LocalDate.parse(key.substring(split + 1)));
    }
}
