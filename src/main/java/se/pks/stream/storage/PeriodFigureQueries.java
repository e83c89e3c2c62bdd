package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The read queries behind the period and rollup answers of the API: every period kind per unit, organisation,
 * region and own vs private, and the year-end projections, each with its known deficiencies (V11 *_quality views).
 * Filters are bound parameters; a null filter matches everything.
 */
@ApplicationScoped
public class PeriodFigureQueries {

    private static final String PERIOD_FILTER = """
              AND (:measure::text IS NULL OR measure = :measure)
              AND (:periodKind::text IS NULL OR period_kind = :periodKind)
              AND (:planKind::text IS NULL OR plan_kind = :planKind)
              AND (:from::date IS NULL OR period_start >= :from) AND (:to::date IS NULL OR period_start <= :to)""";

    private static final NamedParameters UNIT_PERIODS = new NamedParameters("""
            SELECT period_kind, period_start, period_end, unit_id, measure, plan_kind, actual, expected, deviation,
                   deviation_pct, status, incomplete, flagged, deficiency_count, deficiencies
            FROM pks.period_deviation_quality
            WHERE (:unit::text IS NULL OR unit_id = :unit)
            """ + PERIOD_FILTER + """

            ORDER BY unit_id, measure, plan_kind, period_kind, period_start LIMIT :limit""");

    private static final NamedParameters ROLLUPS = new NamedParameters("""
            SELECT level, group_id, group_name, period_kind, period_start, period_end, measure, plan_kind, actual,
                   expected, deviation, deviation_pct, status, deficient_units, incomplete, flagged,
                   deficiency_count, deficiencies
            FROM pks.rollup_deviation_quality
            WHERE (:level::text IS NULL OR level = :level) AND (:group::text IS NULL OR group_id = :group)
            """ + PERIOD_FILTER + """

            ORDER BY level, group_id, measure, plan_kind, period_kind, period_start LIMIT :limit""");

    private static final NamedParameters UNIT_PROJECTIONS = new NamedParameters("""
            SELECT unit_id, measure, year, plan_granularity, elapsed_through, actual_to_date, plan_to_date,
                   annual_target, projected, standard_error, interval_low, interval_high, deviation, deviation_pct,
                   incomplete, flagged, deficiency_count, deficiencies, status
            FROM pks.projection_quality
            WHERE (:unit::text IS NULL OR unit_id = :unit) AND (:measure::text IS NULL OR measure = :measure)
              AND (:year::integer IS NULL OR year = :year)
            ORDER BY unit_id, measure, year LIMIT :limit""");

    private static final NamedParameters ROLLUP_PROJECTIONS = new NamedParameters("""
            SELECT level, group_id, group_name, measure, year, units, actual_to_date, plan_to_date, annual_target,
                   projected, standard_error, interval_low, interval_high, deviation, deviation_pct, deficient_units,
                   incomplete, flagged, deficiency_count, deficiencies, status
            FROM pks.rollup_projection
            WHERE (:level::text IS NULL OR level = :level) AND (:group::text IS NULL OR group_id = :group)
              AND (:measure::text IS NULL OR measure = :measure) AND (:year::integer IS NULL OR year = :year)
            ORDER BY level, group_id, measure, year LIMIT :limit""");

    /** Which period figures to read; {@code who} is a unit id for units, a group id for rollups. */
    public record Filter(String level, String who, String measure, String periodKind, String planKind,
                         LocalDate from, LocalDate to, int limit) {
    }

    /** Actual against plan for one period of any kind, for a unit or a group. */
    public record PeriodRow(String level, String id, String name, String periodKind, LocalDate periodStart,
                            LocalDate periodEnd, String measure, String planKind, Double actual, Double expected,
                            Double deviation, Double deviationPct, String status, long deficientUnits,
                            Deficiencies deficiencies) {
    }

    /**
     * A year-end projection of a unit ({@code level} UNIT) or of a group, with its 95 % interval and its status (the
     * projected year's deviation against the thresholds).
     */
    public record ProjectionRow(String level, String id, String name, String measure, int year,
                                String planGranularity, LocalDate elapsedThrough, long units, double actualToDate,
                                double planToDate, double annualTarget, Double projected, Double standardError,
                                Double intervalLow, Double intervalHigh, Double deviation, Double deviationPct,
                                String status, long deficientUnits, Deficiencies deficiencies) {
    }

    @Inject
    DataSource dataSource;

    /** A unit's figures against the current or the adopted plan. */
    public List<PeriodRow> unitPeriods(final Filter filter, final PlanBasis basis) {
        return UNIT_PERIODS.list(dataSource, basis, values(filter, "unit"), result -> {
            final Deficiencies deficiencies = Deficiencies.of(result, 12);
            return new PeriodRow("UNIT", result.getString(4), null, result.getString(1),
                    result.getObject(2, LocalDate.class), result.getObject(3, LocalDate.class), result.getString(5),
                    result.getString(6), Rows.nullableDouble(result, 7), Rows.nullableDouble(result, 8),
                    Rows.nullableDouble(result, 9), Rows.nullableDouble(result, 10), result.getString(11),
                    deficiencies.count() > 0 ? 1 : 0, deficiencies);
        }, "Query");
    }

    /** Rolled-up figures against the current or the adopted plan. */
    public List<PeriodRow> rollups(final Filter filter, final PlanBasis basis) {
        return ROLLUPS.list(dataSource, basis, values(filter, "group"), result -> new PeriodRow(result.getString(1),
                result.getString(2), result.getString(3), result.getString(4), result.getObject(5, LocalDate.class),
                result.getObject(6, LocalDate.class), result.getString(7), result.getString(8),
                Rows.nullableDouble(result, 9), Rows.nullableDouble(result, 10), Rows.nullableDouble(result, 11),
                Rows.nullableDouble(result, 12), result.getString(13), result.getLong(14),
                Deficiencies.of(result, 15)), "Query");
    }

    /** A unit's projections against the current or the adopted plan (pks.projection_in_use). */
    public List<ProjectionRow> unitProjections(final String unitId, final String measure, final Integer year,
                                               final int limit, final PlanBasis basis) {
        final Map<String, Object> values = new HashMap<>();
        values.put("unit", unitId);
        values.put("measure", measure);
        values.put("year", year);
        values.put("limit", limit);
        return UNIT_PROJECTIONS.list(dataSource, basis, values, result -> {
            final Deficiencies deficiencies = Deficiencies.of(result, 15);
            return new ProjectionRow("UNIT", result.getString(1), null, result.getString(2), result.getInt(3),
                    result.getString(4), result.getObject(5, LocalDate.class), 1, result.getDouble(6),
                    result.getDouble(7), result.getDouble(8), Rows.nullableDouble(result, 9),
                    Rows.nullableDouble(result, 10), Rows.nullableDouble(result, 11), Rows.nullableDouble(result, 12),
                    Rows.nullableDouble(result, 13), Rows.nullableDouble(result, 14), result.getString(19),
                    deficiencies.count() > 0 ? 1 : 0, deficiencies);
        }, "Query");
    }

    /** Groups' projections against the current or the adopted plan. */
    public List<ProjectionRow> rollupProjections(final String level, final String groupId, final String measure,
                                                 final Integer year, final int limit, final PlanBasis basis) {
        final Map<String, Object> values = new HashMap<>();
        values.put("level", level);
        values.put("group", groupId);
        values.put("measure", measure);
        values.put("year", year);
        values.put("limit", limit);
        return ROLLUP_PROJECTIONS.list(dataSource, basis, values, result -> new ProjectionRow(result.getString(1),
                result.getString(2), result.getString(3), result.getString(4), result.getInt(5), null, null,
                result.getLong(6), result.getDouble(7), result.getDouble(8), result.getDouble(9),
                Rows.nullableDouble(result, 10), Rows.nullableDouble(result, 11), Rows.nullableDouble(result, 12),
                Rows.nullableDouble(result, 13), Rows.nullableDouble(result, 14), Rows.nullableDouble(result, 15),
                result.getString(21), result.getLong(16), Deficiencies.of(result, 17)), "Query");
    }

    private static Map<String, Object> values(final Filter filter, final String whoName) {
        final Map<String, Object> values = new HashMap<>();
        if (whoName.equals("group")) {
            values.put("level", filter.level());
        }
        values.put(whoName, filter.who());
        values.put("measure", filter.measure());
        values.put("periodKind", filter.periodKind());
        values.put("planKind", filter.planKind());
        values.put("from", filter.from() == null ? null : Date.valueOf(filter.from()));
        values.put("to", filter.to() == null ? null : Date.valueOf(filter.to()));
        values.put("limit", filter.limit());
        return values;
    }
}
