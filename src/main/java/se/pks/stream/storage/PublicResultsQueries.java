package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The read queries behind the public results page: only figures aggregated per unit, organisation and period, each
 * with the data-quality register's known deficiencies (V4) for the same unit, feed and period, so that what is
 * published about a figure travels with it.
 */
@ApplicationScoped
public class PublicResultsQueries {

    /**
     * A week counts as reported late when more than this share of its accepted events arrived late: a few late
     * events are normal corrections, whereas a late majority means the figure was wrong for a while after the week.
     */
    public static final double LATE_SHARE = 0.1;

    private static final NamedParameters AS_OF = new NamedParameters("SELECT pks.as_of_date()");

    private static final NamedParameters UNITS = new NamedParameters("""
            SELECT organisation_id, organisation_name, ownership, unit_id, name FROM pks.unit
            ORDER BY organisation_name, organisation_id, name, unit_id""");

    private static final NamedParameters UNIT = new NamedParameters("""
            SELECT organisation_id, organisation_name, ownership, unit_id, name FROM pks.unit
            WHERE unit_id = :unit""");

    private static final NamedParameters ORGANISATION_UNITS = new NamedParameters("""
            SELECT organisation_id, organisation_name, ownership, unit_id, name FROM pks.unit
            WHERE organisation_id = :organisation ORDER BY name, unit_id""");

    /** Missing reports are counted over the year to date, for the feed each measure comes from. */
    private static final NamedParameters UNIT_YEAR_TO_DATE = new NamedParameters("""
            WITH missing AS (
                SELECT f.measure, count(*) AS reports
                FROM pks.missing_data m
                JOIN pks.measure_feed f ON f.feed = m.feed
                WHERE m.unit_id = :unit AND m.period_start >= pks.year_start(pks.as_of_date())
                GROUP BY f.measure
            )
            SELECT d.measure, d.plan_kind, d.actual, d.expected, d.deviation_pct, d.status,
                   coalesce(m.reports, 0), CASE WHEN m.reports > 0 THEN 1 ELSE 0 END
            FROM pks.period_deviation d
            LEFT JOIN missing m USING (measure)
            WHERE d.unit_id = :unit AND d.period_kind = 'YEAR_TO_DATE'
            ORDER BY d.measure, d.plan_kind""");

    private static final NamedParameters ORGANISATION_YEAR_TO_DATE = new NamedParameters("""
            WITH missing AS (
                SELECT f.measure, count(*) AS reports, count(DISTINCT m.unit_id) AS units
                FROM pks.missing_data m
                JOIN pks.unit u ON u.unit_id = m.unit_id
                JOIN pks.measure_feed f ON f.feed = m.feed
                WHERE u.organisation_id = :organisation AND m.period_start >= pks.year_start(pks.as_of_date())
                GROUP BY f.measure
            )
            SELECT r.measure, r.plan_kind, r.actual, r.expected, r.deviation_pct, r.status,
                   coalesce(m.reports, 0), coalesce(m.units, 0)
            FROM pks.rollup_deviation r
            LEFT JOIN missing m USING (measure)
            WHERE r.level = 'ORGANISATION' AND r.group_id = :organisation AND r.period_kind = 'YEAR_TO_DATE'
            ORDER BY r.measure, r.plan_kind""");

    private static final NamedParameters UNIT_MEASURES = new NamedParameters("""
            SELECT v.measure, c.unit_of_measure, c.description
            FROM (SELECT DISTINCT measure FROM pks.measure_value WHERE unit_id = :unit AND granularity = 'WEEK') v
            JOIN pks.measure_catalogue c USING (measure)
            ORDER BY v.measure""");

    /**
     * The unit's ended weeks of one ISO year: the stored weekly value and the weekly plan of the measure's first
     * plan kind (TARGET before the forecasts), a week with either one being a row. A planned week with nothing
     * stored takes the deviation's actual: 0 for a count (nothing happened), unknown for a rate or a level. The
     * current week is left out: its partial figure against a whole week's plan would read as a shortfall.
     */
    private static final NamedParameters WEEKS = new NamedParameters("""
            WITH plan_choice AS (
                SELECT plan_kind FROM pks.deviation
                WHERE unit_id = :unit AND measure = :measure AND granularity = 'WEEK'
                GROUP BY plan_kind
                ORDER BY array_position(ARRAY['TARGET', 'CAPACITY_FORECAST', 'INFLOW_FORECAST',
                                              'WAITING_FORECAST']::text[], plan_kind)
                LIMIT 1
            ),
            actual AS (
                SELECT period_start, value FROM pks.measure_value
                WHERE unit_id = :unit AND measure = :measure AND granularity = 'WEEK'
            ),
            planned AS (
                SELECT period_start, actual, expected, plan_kind FROM pks.deviation
                WHERE unit_id = :unit AND measure = :measure AND granularity = 'WEEK'
                  AND plan_kind = (SELECT plan_kind FROM plan_choice)
            )
            SELECT period_start, coalesce(a.value, p.actual), p.expected, p.plan_kind,
                   pks.is_low_production_week(:unit::text, period_start)
            FROM actual a
            FULL JOIN planned p USING (period_start)
            WHERE extract(isoyear FROM period_start) = :year AND period_start + 7 <= pks.as_of_date()
            ORDER BY period_start""");

    /**
     * What the register knows is wrong with the unit's weeks of the measure, one row per deficiency: reports of the
     * measure's feed that did not come (a day, or a whole week for weekly feeds), weeks whose events mostly came late,
     * and weekly values flagged as outliers or implausible.
     */
    private static final NamedParameters WEEK_DEFICIENCIES = new NamedParameters("""
            WITH feed AS (
                SELECT feed FROM pks.measure_feed WHERE measure = :measure
            )
            SELECT pks.week_start(m.period_start) AS week_start, 'MISSING_DATA', m.period_kind, m.period_start,
                   m.feed, NULL::text, NULL::bigint, NULL::bigint
            FROM pks.missing_data m
            WHERE m.unit_id = :unit AND m.feed IN (SELECT feed FROM feed)
              AND extract(isoyear FROM m.period_start) = :year
            UNION ALL
            SELECT pks.week_start(q.day), 'LATE_REPORTING', 'WEEK', pks.week_start(q.day), q.feed, NULL,
                   sum(q.late), sum(q.accepted)
            FROM pks.feed_quality q
            WHERE q.unit_id = :unit AND q.feed IN (SELECT feed FROM feed) AND extract(isoyear FROM q.day) = :year
            GROUP BY pks.week_start(q.day), q.feed
            HAVING sum(q.late) > :lateShare * sum(q.accepted)
            UNION ALL
            SELECT o.week_start, 'OUTLIER', 'WEEK', o.week_start, NULL, NULL, NULL, NULL
            FROM pks.outlier o
            WHERE o.unit_id = :unit AND o.measure = :measure AND extract(isoyear FROM o.week_start) = :year
            UNION ALL
            SELECT i.period_start, 'IMPLAUSIBLE', 'WEEK', i.period_start, NULL, i.rule, NULL, NULL
            FROM pks.implausible i
            WHERE i.unit_id = :unit AND i.measure = :measure AND i.granularity = 'WEEK'
              AND extract(isoyear FROM i.period_start) = :year
            ORDER BY 1, 2, 4""");

    /**
     * The status threshold that applies to the unit's measure in the year, the most specific first, as
     * pks.threshold_status picks it: (unit, year), (unit, any year), (any unit, year), (any unit, any year).
     */
    private static final NamedParameters THRESHOLD = new NamedParameters("""
            SELECT direction, basis, yellow_from, red_from FROM pks.threshold
            WHERE measure = :measure AND unit_id IN (:unit, '*') AND year IN (:year, 0)
            ORDER BY unit_id = '*', year = 0
            LIMIT 1""");

    public record Threshold(String direction, String basis, double yellowFrom, double redFrom) {
    }

    public record PublicUnit(String organisationId, String organisationName, String ownership, String unitId,
                             String name) {
    }

    /**
     * Actual against plan for the year to date. {@code missingReports} counts the reports of the measure's feed that
     * did not come this year; {@code unitsMissing} in how many units (1 for a unit's own row).
     */
    public record YearToDate(String measure, String planKind, Double actual, Double expected, Double deviationPct,
                             String status, long missingReports, long unitsMissing) {
    }

    public record MeasureInfo(String measure, String unitOfMeasure, String description) {
    }

    public record Week(LocalDate weekStart, Double actual, Double planned, String planKind, boolean lowProduction) {
    }

    /**
     * One known deficiency of a week: {@code kind} MISSING_DATA (with the missing {@code periodKind} DAY or WEEK,
     * {@code periodStart} and {@code feed}), LATE_REPORTING (with {@code lateEvents} of {@code acceptedEvents}),
     * OUTLIER, or IMPLAUSIBLE (with the broken {@code rule}).
     */
    public record Deficiency(LocalDate weekStart, String kind, String periodKind, LocalDate periodStart, String feed,
                             String rule, Long lateEvents, Long acceptedEvents) {
    }

    @Inject
    DataSource dataSource;

    public LocalDate asOf() {
        final List<LocalDate> day = query(AS_OF, Map.of(), result -> result.getObject(1, LocalDate.class));
        return day.get(0);
    }

    public List<PublicUnit> units() {
        return query(UNITS, Map.of(), PublicResultsQueries::unit);
    }

    public Optional<PublicUnit> unit(final String unitId) {
        return query(UNIT, Map.of("unit", unitId), PublicResultsQueries::unit).stream().findFirst();
    }

    public List<PublicUnit> organisationUnits(final String organisationId) {
        return query(ORGANISATION_UNITS, Map.of("organisation", organisationId), PublicResultsQueries::unit);
    }

    public List<YearToDate> unitYearToDate(final String unitId) {
        return query(UNIT_YEAR_TO_DATE, Map.of("unit", unitId), PublicResultsQueries::yearToDate);
    }

    public List<YearToDate> organisationYearToDate(final String organisationId) {
        return query(ORGANISATION_YEAR_TO_DATE, Map.of("organisation", organisationId),
                PublicResultsQueries::yearToDate);
    }

    public List<MeasureInfo> unitMeasures(final String unitId) {
        return query(UNIT_MEASURES, Map.of("unit", unitId),
                result -> new MeasureInfo(result.getString(1), result.getString(2), result.getString(3)));
    }

    public List<Week> weeks(final String unitId, final String measure, final int isoYear) {
        return query(WEEKS, Map.of("unit", unitId, "measure", measure, "year", isoYear),
                result -> new Week(result.getObject(1, LocalDate.class), Rows.nullableDouble(result, 2),
                        Rows.nullableDouble(result, 3), result.getString(4), result.getBoolean(5)));
    }

    public Optional<Threshold> threshold(final String unitId, final String measure, final int year) {
        return query(THRESHOLD, Map.of("unit", unitId, "measure", measure, "year", year),
                result -> new Threshold(result.getString(1), result.getString(2), result.getDouble(3),
                        result.getDouble(4))).stream().findFirst();
    }

    public List<Deficiency> weekDeficiencies(final String unitId, final String measure, final int isoYear) {
        return query(WEEK_DEFICIENCIES,
                Map.of("unit", unitId, "measure", measure, "year", isoYear, "lateShare", LATE_SHARE),
                result -> new Deficiency(result.getObject(1, LocalDate.class), result.getString(2),
                        result.getString(3), result.getObject(4, LocalDate.class), result.getString(5),
                        result.getString(6), Rows.nullableLong(result, 7), Rows.nullableLong(result, 8)));
    }

    private <T> List<T> query(final NamedParameters sql, final Map<String, Object> values,
            final NamedParameters.RowMapper<T> mapper) {
        return sql.list(dataSource, values, mapper, "Public results query");
    }

    private static PublicUnit unit(final ResultSet result) throws SQLException {
        return new PublicUnit(result.getString(1), result.getString(2), result.getString(3), result.getString(4),
                result.getString(5));
    }

    private static YearToDate yearToDate(final ResultSet result) throws SQLException {
        return new YearToDate(result.getString(1), result.getString(2), Rows.nullableDouble(result, 3),
                Rows.nullableDouble(result, 4), Rows.nullableDouble(result, 5), result.getString(6), result.getLong(7),
                result.getLong(8));
    }


}
