package se.pks.stream.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.topology.Topic;
import se.pks.stream.topology.Topics;

/** The production calendar ({@code pks.calendar.v1}) into {@code pks.calendar_week}; a tombstone makes a week normal. */
final class CalendarTable implements SinkTable {

    private static final String UPSERT = """
            INSERT INTO pks.calendar_week (region_id, week_start, kind, label) VALUES (?, ?, ?, ?)
            ON CONFLICT (region_id, week_start) DO UPDATE SET kind = EXCLUDED.kind, label = EXCLUDED.label""";
    private static final String DELETE = "DELETE FROM pks.calendar_week WHERE region_id = ? AND week_start = ?";

    @Override
    public Topic<String, ?> topic() {
        return Topics.CALENDAR;
    }

    @Override
    public int write(final Connection connection, final Collection<ConsumerRecord<String, byte[]>> records)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
             PreparedStatement delete = connection.prepareStatement(DELETE)) {
            for (final ConsumerRecord<String, byte[]> record : records) {
                if (record.value() == null) {
                    final int split = record.key().lastIndexOf('|');
                    delete.setString(1, record.key().substring(0, split));
                    Rows.setDate(delete, 2, LocalDate.parse(record.key().substring(split + 1)));
                    delete.addBatch();
                } else {
                    final CalendarWeek week = Rows.value(Topics.CALENDAR, record);
                    upsert.setString(1, week.regionId());
                    Rows.setDate(upsert, 2, week.weekStart());
                    upsert.setString(3, week.kind().name());
                    upsert.setString(4, week.label());
                    upsert.addBatch();
                }
            }
            return Rows.sum(upsert.executeBatch()) + Rows.sum(delete.executeBatch());
        }
    }
}
