package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import se.pks.stream.model.SwedishHolidays;
import se.pks.stream.model.SwedishHolidays.Holiday;

/**
 * Writes the national days off of {@link SwedishHolidays} into {@code pks.day_off} (region '*'), where the expected
 * reporting view reads them. One row per day: two holidays on one day share it, and a public holiday outranks a
 * de facto one. Rewriting is harmless, so every instance may do it.
 */
public final class HolidayRegister {

    /** Expected reporting starts at the earliest in 2000 (pks.expected_reporting.valid_from's default). */
    public static final int FIRST_YEAR = 2000;

    private static final String UPSERT = """
            INSERT INTO pks.day_off (region_id, day, kind, name) VALUES ('*', ?, ?, ?)
            ON CONFLICT (region_id, day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name""";

    private HolidayRegister() {
    }

    /** Stores every national day off from 1 January {@code fromYear} to 31 December {@code toYear}. */
    public static void store(final Connection connection, final int fromYear, final int toYear) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (int year = fromYear; year <= toYear; year++) {
                for (final Holiday day : byDay(year).values()) {
                    Rows.setDate(upsert, 1, day.day());
                    upsert.setString(2, day.kind().name());
                    upsert.setString(3, day.name());
                    upsert.addBatch();
                }
            }
            upsert.executeBatch();
        }
    }

    private static Map<LocalDate, Holiday> byDay(final int year) {
        final Map<LocalDate, Holiday> days = new LinkedHashMap<>();
        for (final Holiday holiday : SwedishHolidays.of(year)) {
            days.merge(holiday.day(), holiday, (first, second) -> new Holiday(first.day(),
                    first.name() + " and " + second.name(),
                    first.kind() == SwedishHolidays.Kind.PUBLIC_HOLIDAY ? first.kind() : second.kind()));
        }
        return days;
    }
}
