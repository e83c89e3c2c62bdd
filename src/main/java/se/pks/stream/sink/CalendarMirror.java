package se.pks.stream.sink;

import java.time.LocalDate;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.topics.Topics;

/** The production calendar ({@code pks.calendar.v1}) into {@code pks.calendar_week}; a tombstone makes a week normal. */
final class CalendarMirror extends LatestValueMirror<CalendarWeek> {

    private static final StagingTable STAGING = new StagingTable("staged_calendar_week",
            "region_id, week_start, kind, label, false AS gone", "pks.calendar_week");
    private static final String UPSERT = """
            INSERT INTO pks.calendar_week (region_id, week_start, kind, label)
            SELECT region_id, week_start, kind, label FROM staged_calendar_week WHERE NOT gone
            ON CONFLICT (region_id, week_start) DO UPDATE SET kind = EXCLUDED.kind, label = EXCLUDED.label""";
    private static final String DELETE = """
            DELETE FROM pks.calendar_week t USING staged_calendar_week s
            WHERE s.gone AND t.region_id = s.region_id AND t.week_start = s.week_start""";

    CalendarMirror() {
        super(Topics.CALENDAR, STAGING, new Merge(UPSERT, DELETE));
    }

    @Override
    void stageValue(final CopyRows row, final CalendarWeek week) {
        row.text(week.regionId()).date(week.weekStart()).text(week.kind().name()).text(week.label());
    }

    /** key: regionId|weekStart */
    @Override
    void stageKey(final CopyRows row, final String key) {
        final int split = key.lastIndexOf('|');
        row.text(key.substring(0, split)).date(LocalDate.parse(key.substring(split + 1))).nulls(2);
    }
}
