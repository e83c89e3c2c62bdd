package se.pks.stream.sink;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.pks.stream.analysis.Projection;
import se.pks.stream.model.Measure;
import se.pks.stream.model.MeasureKind;
import se.pks.stream.storage.Rows;

/**
 * Year-end projections of one unit and count measure, one row per year that has TARGET plans: against the current
 * plan ({@code pks.plan}) into {@code pks.projection}, and against the adopted plan ({@code pks.adopted_plan}) into
 * {@code pks.adopted_projection}. The same computation with the other plan, because the projection is the run-rate
 * against a plan carried over that plan's year: the adopted plan gives a projection of its own (V25).
 *
 * <p>A year with monthly TARGET plans is projected by month: the months that are over count whole, and the month
 * under way counts with its plan cut at the as-of day in proportion to its working days (Monday to Friday, less the
 * unit's days off in {@code pks.day_off}), against what the month has produced so far. So a unit planned by month
 * is not read as behind at Easter or Christmas: those days owe nothing. Any other year is projected by its weekly
 * TARGET plans: a week counts once it has ended, and a planned week without a figure counts as 0 produced.
 */
final class Projections {

    /** A weekly or monthly plan's periods with their actuals; %s is the plan table ({@link Against}). */
    private static final String WEEKS = """
            SELECT p.period_start, p.value, coalesce(mv.value, 0)
            FROM %s p
            LEFT JOIN pks.measure_value mv ON mv.granularity = 'WEEK' AND mv.unit_id = p.unit_id
                 AND mv.measure = p.measure AND mv.period_start = p.period_start
            WHERE p.unit_id = ? AND p.measure = ? AND p.plan_kind = 'TARGET' AND p.granularity = 'WEEK'
            ORDER BY p.period_start""";
    private static final String MONTHS = """
            SELECT p.period_start, p.value, coalesce(mv.value, 0)
            FROM %s p
            LEFT JOIN pks.measure_value mv ON mv.granularity = 'MONTH' AND mv.unit_id = p.unit_id
                 AND mv.measure = p.measure AND mv.period_start = p.period_start
            WHERE p.unit_id = ? AND p.measure = ? AND p.plan_kind = 'TARGET' AND p.granularity = 'MONTH'
            ORDER BY p.period_start""";
    /** The unit's working days in [from, to] and how many of them are before the as-of day. */
    private static final String WORKING_DAYS = """
            SELECT count(*) FILTER (WHERE d::date < ?), count(*)
            FROM generate_series(?::date, ?::date, interval '1 day') AS d
            WHERE extract(isodow FROM d) <= 5 AND NOT pks.is_day_off(?, d::date)""";
    private static final String DELETE = "DELETE FROM %s WHERE unit_id = ? AND measure = ?";
    private static final String INSERT = """
            INSERT INTO %s (unit_id, measure, year, weeks_elapsed, actual_to_date, plan_to_date,
                                        annual_target, projected, deviation, deviation_pct, plan_granularity,
                                        elapsed_through, standard_error, interval_low, interval_high, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())""";

    /** One period of a year: its plan, its actual, and the last day it counts to when it is over or cut. */
    private record Period(double plan, double actual, LocalDate countedThrough) {

        boolean counted() {
            return countedThrough != null;
        }
    }

    /** Which plan a projection is made against, and where it is kept. */
    private enum Against {
        CURRENT_PLAN("pks.plan", "pks.projection"),
        // A projection's year is the calendar year of its weeks' Mondays, an adoption's that of pks.ambition_year
        // (a week's ISO year): the week of Monday 29 December 2025 is adopted with 2026 and would otherwise make a
        // one-week projection of 2025. Such a week is left out of the adopted projections.
        ADOPTED_PLAN("(SELECT * FROM pks.adopted_plan WHERE year = extract(year FROM period_start))",
                "pks.adopted_projection");

        private final String plans;
        private final String projections;

        Against(final String plans, final String projections) {
            this.plans = plans;
            this.projections = projections;
        }
    }

    void refresh(final Connection connection, final String unit, final String measure, final LocalDate today)
            throws SQLException {
        for (final Against against : Against.values()) {
            refresh(connection, against, unit, measure, today);
        }
    }

    private static void refresh(final Connection connection, final Against against, final String unit,
                                final String measure, final LocalDate today) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE.formatted(against.projections))) {
            delete.setString(1, unit);
            delete.setString(2, measure);
            delete.executeUpdate();
        }
        if (Measure.byId(measure).map(Measure::kind).orElse(MeasureKind.RATIO) != MeasureKind.COUNT) {
            return;
        }
        final TreeMap<Integer, List<Period>> monthly = months(connection, against, unit, measure, today);
        final TreeMap<Integer, List<Period>> weekly = weeks(connection, against, unit, measure, today);
        try (PreparedStatement insert = connection.prepareStatement(INSERT.formatted(against.projections))) {
            for (final Map.Entry<Integer, List<Period>> year : weekly.entrySet()) {
                if (!monthly.containsKey(year.getKey())) {
                    add(insert, unit, measure, year.getKey(), "WEEK", year.getValue());
                }
            }
            for (final Map.Entry<Integer, List<Period>> year : monthly.entrySet()) {
                add(insert, unit, measure, year.getKey(), "MONTH", year.getValue());
            }
            insert.executeBatch();
        }
    }

    /** Counted periods come first in each year's list, so the projection reads the first {@code elapsed} of them. */
    private static void add(final PreparedStatement insert, final String unit, final String measure, final int year,
                            final String granularity, final List<Period> periods) throws SQLException {
        final List<Period> counted = periods.stream().filter(Period::counted).toList();
        if (counted.isEmpty()) {
            return;
        }
        final Projection projection = Projection.atRunRate(periods.stream().map(Period::plan).toList(),
                periods.stream().map(Period::actual).toList(), counted.size());
        insert.setString(1, unit);
        insert.setString(2, measure);
        insert.setInt(3, year);
        insert.setInt(4, projection.weeksElapsed());
        insert.setDouble(5, projection.actualToDate());
        insert.setDouble(6, projection.planToDate());
        insert.setDouble(7, projection.annualTarget());
        Rows.setNullableDouble(insert, 8, projection.projected());
        Rows.setNullableDouble(insert, 9, projection.deviation());
        Rows.setNullableDouble(insert, 10, projection.deviationPct());
        insert.setString(11, granularity);
        insert.setDate(12, Date.valueOf(counted.get(counted.size() - 1).countedThrough()));
        Rows.setNullableDouble(insert, 13, projection.standardError());
        Rows.setNullableDouble(insert, 14, projection.intervalLow());
        Rows.setNullableDouble(insert, 15, projection.intervalHigh());
        insert.addBatch();
    }

    /** Per year, the weekly plan's weeks in order; a week is counted once it has ended (through its Sunday). */
    private static TreeMap<Integer, List<Period>> weeks(final Connection connection, final Against against,
                                                        final String unit, final String measure,
                                                        final LocalDate today) throws SQLException {
        final TreeMap<Integer, List<Period>> years = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(WEEKS.formatted(against.plans))) {
            select.setString(1, unit);
            select.setString(2, measure);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    final LocalDate week = rows.getDate(1).toLocalDate();
                    final boolean ended = !week.plusDays(7).isAfter(today);
                    years.computeIfAbsent(week.getYear(), year -> new ArrayList<>())
                            .add(new Period(rows.getDouble(2), rows.getDouble(3), ended ? week.plusDays(6) : null));
                }
            }
        }
        return years;
    }

    /**
     * Per year, the monthly plan's months in order. A month that is over is counted whole. The month under way is
     * cut in two at the as-of day: its plan times the share of its working days before the as-of day is counted with
     * everything the month has produced so far, and the rest of its plan is still to come. A month with no working
     * day at all (not a Swedish one) is cut by calendar days instead.
     */
    private static TreeMap<Integer, List<Period>> months(final Connection connection, final Against against,
                                                         final String unit, final String measure,
                                                         final LocalDate today) throws SQLException {
        final TreeMap<Integer, List<Period>> years = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(MONTHS.formatted(against.plans))) {
            select.setString(1, unit);
            select.setString(2, measure);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    final LocalDate month = rows.getDate(1).toLocalDate();
                    final LocalDate next = month.plusMonths(1);
                    final double plan = rows.getDouble(2);
                    final double actual = rows.getDouble(3);
                    final List<Period> periods = years.computeIfAbsent(month.getYear(), year -> new ArrayList<>());
                    if (!next.isAfter(today)) {
                        periods.add(new Period(plan, actual, next.minusDays(1)));
                    } else if (month.isBefore(today)) {
                        final double share = elapsedShare(connection, unit, month, next.minusDays(1), today);
                        periods.add(new Period(plan * share, actual, today.minusDays(1)));
                        periods.add(new Period(plan * (1.0 - share), 0.0, null));
                    } else {
                        periods.add(new Period(plan, 0.0, null));
                    }
                }
            }
        }
        return years;
    }

    private static double elapsedShare(final Connection connection, final String unit, final LocalDate first,
                                       final LocalDate last, final LocalDate today) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(WORKING_DAYS)) {
            select.setDate(1, Date.valueOf(today));
            select.setDate(2, Date.valueOf(first));
            select.setDate(3, Date.valueOf(last));
            select.setString(4, unit);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                final long before = rows.getLong(1);
                final long all = rows.getLong(2);
                if (all > 0) {
                    return (double) before / all;
                }
            }
        }
        final long days = last.toEpochDay() - first.toEpochDay() + 1;
        return (double) (today.toEpochDay() - first.toEpochDay()) / days;
    }
}
