package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The read queries behind the public results page: only figures aggregated per unit, organisation and period, each
 * with the data-quality register's known deficiencies (V4) for the same unit, feed and period, so that what is
 * published about a figure travels with it. The figures are the published ones (V26, docs/approval.md): the year to
 * date and the weeks frozen when a month was approved, never the live figures.
 */
@ApplicationScoped
public class PublicResultsQueries {

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

    /**
     * The latest approved (or re-opened: its published version stands) month of the year of a unit or organisation:
     * the public answers read its published year to date, and the weeks of every approved month.
     */
    private static final NamedParameters LATEST_APPROVED_MONTH = new NamedParameters("""
            SELECT period_start, period_end, state, version, approved_at
            FROM pks.approval
            WHERE level = :level AND subject_id = :subject AND period_kind = 'MONTH'
              AND period_start BETWEEN pks.year_start(pks.as_of_date()) AND pks.as_of_date()
            ORDER BY period_start DESC
            LIMIT 1""");

    /** A published figure of the latest version of an approved month of the subject. */
    private static final String PUBLISHED = """
            FROM pks.approval a
            JOIN pks.published_figure f
              ON f.level = a.level AND f.subject_id = a.subject_id AND f.period_kind = a.period_kind
             AND f.period_start = a.period_start AND f.version = a.version
            WHERE a.level = :level AND a.subject_id = :subject AND a.period_kind = 'MONTH'""";

    /**
     * The year to date published with one approval. {@code deficiency_count} is the reports of the year missing up
     * to the month's last day; an organisation's labels name the unit ('u1: MISSING_DATA ...'), so the units are
     * counted from them.
     */
    private static final NamedParameters YEAR_TO_DATE = new NamedParameters("""
            SELECT f.measure, f.plan_kind, f.actual, f.expected, f.deviation_pct, f.status, f.deficiency_count,
                   CASE WHEN a.level = 'UNIT' THEN least(f.deficiency_count, 1)
                        ELSE (SELECT count(DISTINCT split_part(label, ': ', 1)) FROM unnest(f.deficiencies) AS label)
                   END
            %s
              AND a.period_start = :start AND f.figure_kind = 'YEAR_TO_DATE'
            ORDER BY f.measure, f.plan_kind""".formatted(PUBLISHED));

    /** The measures of which the unit's approved months published a weekly value. */
    private static final NamedParameters UNIT_MEASURES = new NamedParameters("""
            SELECT v.measure, c.unit_of_measure, c.description
            FROM (SELECT DISTINCT f.measure
                  %s
                    AND f.figure_kind = 'WEEK' AND f.plan_kind IS NULL AND f.actual IS NOT NULL) v
            JOIN pks.measure_catalogue c USING (measure)
            ORDER BY v.measure""".formatted(PUBLISHED));

    /**
     * The unit's published weeks of one ISO year (those of its approved months): the weekly value and the weekly
     * plan of the measure's first plan kind (TARGET before the forecasts), as published. A planned week with nothing
     * stored takes the deviation's actual: 0 for a count (nothing happened), unknown for a rate or a level. A week of
     * a month not approved is not published, so not here.
     */
    private static final NamedParameters WEEKS = new NamedParameters("""
            WITH published AS (
                SELECT f.figure_start AS week_start, f.plan_kind, f.actual, f.expected, f.low_production
                %s
                  AND f.figure_kind = 'WEEK' AND f.measure = :measure
                  AND extract(isoyear FROM f.figure_start) = :year
            ),
            plan_choice AS (
                SELECT plan_kind FROM published
                WHERE plan_kind IS NOT NULL
                GROUP BY plan_kind
                ORDER BY array_position(ARRAY['TARGET', 'CAPACITY_FORECAST', 'INFLOW_FORECAST',
                                              'WAITING_FORECAST']::text[], plan_kind)
                LIMIT 1
            ),
            stored AS (
                SELECT week_start, actual, low_production FROM published WHERE plan_kind IS NULL
            ),
            planned AS (
                SELECT week_start, actual, expected, plan_kind, low_production FROM published
                WHERE plan_kind = (SELECT plan_kind FROM plan_choice)
            )
            SELECT week_start, coalesce(s.actual, p.actual), p.expected, p.plan_kind,
                   coalesce(s.low_production, p.low_production, false)
            FROM stored s
            FULL JOIN planned p USING (week_start)
            ORDER BY week_start""".formatted(PUBLISHED));

    /**
     * What the register knew was wrong with each published week of the measure when its month was approved, one row
     * per deficiency: reports of the measure's feed that did not come (a day, or a whole week for weekly feeds),
     * weeks whose events mostly came late, and weekly values flagged as outliers or implausible.
     */
    private static final NamedParameters WEEK_DEFICIENCIES = new NamedParameters("""
            SELECT w.week_start, d.kind, d.period_kind, d.period_start, d.feed, d.rule, d.late_events,
                   d.accepted_events
            FROM (SELECT f.figure_start AS week_start, f.deficiency_detail
                  %s
                    AND f.figure_kind = 'WEEK' AND f.measure = :measure AND f.plan_kind IS NULL
                    AND extract(isoyear FROM f.figure_start) = :year) w
            CROSS JOIN LATERAL jsonb_to_recordset(w.deficiency_detail)
                AS d (kind text, period_kind text, period_start date, feed text, rule text, late_events bigint,
                      accepted_events bigint)
            ORDER BY 1, 2, 4""".formatted(PUBLISHED));

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

    /**
     * An approved month whose published figures the public answers show: {@code approvedThrough} its last day, and
     * the approval that published them ({@code state} REOPENED while a correction is under way: its last published
     * version still stands).
     */
    public record ApprovedMonth(LocalDate periodStart, LocalDate approvedThrough, String state, int version,
                                OffsetDateTime approvedAt) {
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

    /** The subject's latest approved or re-opened month of the year of today, if any. */
    public Optional<ApprovedMonth> latestApprovedMonth(final ApprovalTable.Level level, final String subjectId) {
        return query(LATEST_APPROVED_MONTH, Map.of("level", level.name(), "subject", subjectId),
                result -> new ApprovedMonth(result.getObject(1, LocalDate.class), result.getObject(2, LocalDate.class),
                        result.getString(3), result.getInt(4), result.getObject(5, OffsetDateTime.class)))
                .stream().findFirst();
    }

    /** The year to date through the month, as the month's latest approval published it. */
    public List<YearToDate> yearToDate(final ApprovalTable.Level level, final String subjectId,
                                       final ApprovedMonth month) {
        return query(YEAR_TO_DATE, Map.of("level", level.name(), "subject", subjectId, "start", month.periodStart()),
                PublicResultsQueries::yearToDate);
    }

    public List<MeasureInfo> unitMeasures(final String unitId) {
        return query(UNIT_MEASURES, ofUnit(unitId),
                result -> new MeasureInfo(result.getString(1), result.getString(2), result.getString(3)));
    }

    public List<Week> weeks(final String unitId, final String measure, final int isoYear) {
        return query(WEEKS, ofUnit(unitId, "measure", measure, "year", isoYear),
                result -> new Week(result.getObject(1, LocalDate.class), Rows.nullableDouble(result, 2),
                        Rows.nullableDouble(result, 3), result.getString(4), result.getBoolean(5)));
    }

    public Optional<Threshold> threshold(final String unitId, final String measure, final int year) {
        return query(THRESHOLD, Map.of("unit", unitId, "measure", measure, "year", year),
                result -> new Threshold(result.getString(1), result.getString(2), result.getDouble(3),
                        result.getDouble(4))).stream().findFirst();
    }

    public List<Deficiency> weekDeficiencies(final String unitId, final String measure, final int isoYear) {
        return query(WEEK_DEFICIENCIES, ofUnit(unitId, "measure", measure, "year", isoYear),
                result -> new Deficiency(result.getObject(1, LocalDate.class), result.getString(2),
                        result.getString(3), result.getObject(4, LocalDate.class), result.getString(5),
                        result.getString(6), Rows.nullableLong(result, 7), Rows.nullableLong(result, 8)));
    }

    /** The parameters of a query of the unit's published figures, and more. */
    private static Map<String, Object> ofUnit(final String unitId, final Object... more) {
        final Map<String, Object> values = new HashMap<>();
        values.put("level", ApprovalTable.Level.UNIT.name());
        values.put("subject", unitId);
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return values;
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
