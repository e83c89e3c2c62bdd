package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.WeekKind;

/** Reads a region's production calendar as the database sink has stored it. */
@ApplicationScoped
public class CalendarQueries {

    private static final String WEEKS = """
            SELECT region_id, week_start, kind, label FROM pks.calendar_week WHERE region_id = ?
            ORDER BY week_start""";

    @Inject
    DataSource dataSource;

    public List<CalendarWeek> weeks(final String regionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(WEEKS)) {
            statement.setString(1, regionId);
            final List<CalendarWeek> weeks = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    weeks.add(new CalendarWeek(result.getString(1), result.getObject(2, LocalDate.class),
                            WeekKind.valueOf(result.getString(3)), result.getString(4)));
                }
            }
            return weeks;
        } catch (final SQLException e) {
            throw new IllegalStateException("Cannot read the calendar: " + e.getMessage(), e);
        }
    }
}
