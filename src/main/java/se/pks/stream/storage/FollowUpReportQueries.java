package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the strategic follow-up report (docs/reports.md) reads beyond the period figures, approvals and key figures
 * that the API's own queries give it: who the organisation is, the region's organisations, the year-end projections
 * with their status, the actions of the period with their effect, and the region's low-production weeks. Each from
 * the view the dashboards and the API read ({@code pks.rollup_projection}, {@code pks.action_effect},
 * {@code pks.overdue_action}, {@code pks.calendar_week}); nothing here computes a figure of its own.
 */
@ApplicationScoped
public class FollowUpReportQueries {

    private static final NamedParameters ORGANISATION = new NamedParameters("""
            SELECT organisation_id, max(organisation_name), max(region_id)
            FROM pks.unit WHERE organisation_id = :organisation GROUP BY organisation_id""");

    private static final NamedParameters REGION_ORGANISATIONS = new NamedParameters("""
            SELECT organisation_id, max(organisation_name), max(region_id)
            FROM pks.unit WHERE region_id = :region GROUP BY organisation_id ORDER BY organisation_id""");

    private static final NamedParameters AS_OF = new NamedParameters("SELECT pks.as_of_date()");

    // The status of a projection the way pks.organisation_projection judges an organisation's: the measure's
    // threshold for the year, on the projected deviation from the annual target (docs/status-projection-queues.md).
    private static final NamedParameters PROJECTIONS = new NamedParameters("""
            SELECT measure, year, units, actual_to_date, plan_to_date, annual_target, projected, interval_low,
                   interval_high, deviation, deviation_pct,
                   pks.threshold_status(measure, '*', year, deviation_pct, projected) AS status, deficiency_count
            FROM pks.rollup_projection
            WHERE level = :level AND group_id = :group AND year = :year
            ORDER BY measure""");

    // The actions of the period and since: every action not closed before the period began, including those taken
    // after it in answer to it (the report is read after the period). Days are the region's (pks.local_day).
    private static final NamedParameters ACTIONS = new NamedParameters("""
            SELECT a.action_id, a.organisation_id, a.unit_id, u.name, a.measure, a.title, a.responsible, a.deadline,
                   a.status, a.done_on, a.expected_direction, a.expected_effect, o.days_overdue, e.verdict,
                   e.baseline_centre, e.after_centre, e.weeks_after::integer
            FROM pks.action a
            LEFT JOIN pks.unit u ON u.unit_id = a.unit_id
            LEFT JOIN pks.overdue_action o ON o.action_id = a.action_id
            LEFT JOIN pks.action_effect e ON e.action_id = a.action_id
            WHERE a.organisation_id = ANY (:organisations)
              AND (a.status IN ('PLANNED', 'IN_PROGRESS')
                   OR (a.status = 'DONE' AND a.done_on >= :periodStart)
                   OR (a.status = 'DROPPED' AND pks.local_day(a.updated_at) >= :periodStart))
            ORDER BY a.deadline, a.action_id""");

    private static final NamedParameters LOW_PRODUCTION_WEEKS = new NamedParameters("""
            SELECT week_start, label FROM pks.calendar_week
            WHERE region_id = :region AND kind = 'LOW_PRODUCTION' AND week_start BETWEEN :from AND :to
            ORDER BY week_start""");

    /** An organisation as the unit register names it, with its region. */
    public record Organisation(String organisationId, String name, String regionId) {
    }

    /** A group's year-end projection (pks.rollup_projection) with the status its deviation has. */
    public record Projection(String measure, int year, long units, double actualToDate, double planToDate,
                             double annualTarget, Double projected, Double intervalLow, Double intervalHigh,
                             Double deviation, Double deviationPct, String status, long deficiencyCount) {
    }

    /** One action of the register with its follow-up: overdue days while open past its deadline, effect once DONE. */
    public record Action(long actionId, String organisationId, String unitId, String unitName, String measure,
                         String title, String responsible, LocalDate deadline, String status, LocalDate doneOn,
                         String expectedDirection, String expectedEffect, Integer daysOverdue, String verdict,
                         Double baselineCentre, Double afterCentre, Integer weeksAfter) {
    }

    /** A week the region's production calendar marks as low-production (summer, Christmas, Easter, ...). */
    public record LowProductionWeek(LocalDate weekStart, String label) {
    }

    @Inject
    DataSource dataSource;

    public Optional<Organisation> organisation(final String organisationId) {
        return ORGANISATION.list(dataSource, Map.of("organisation", organisationId),
                FollowUpReportQueries::organisation,
                "Reading the organisation").stream().findFirst();
    }

    /** The organisations with units in the region; empty for a region the register does not know. */
    public List<Organisation> organisationsOf(final String regionId) {
        return REGION_ORGANISATIONS.list(dataSource, Map.of("region", regionId), FollowUpReportQueries::organisation,
                "Reading the region's organisations");
    }

    /** The region's "today" (pks.as_of_date()), against which periods have ended and projections are made. */
    public LocalDate asOf() {
        return AS_OF.list(dataSource, Map.of(), rows -> rows.getObject(1, LocalDate.class), "Reading today")
                .getFirst();
    }

    /** The projections of an organisation ({@code level} ORGANISATION) or region (REGION) for one year. */
    public List<Projection> projections(final String level, final String groupId, final int year) {
        return PROJECTIONS.list(dataSource, Map.of("level", level, "group", groupId, "year", year),
                rows -> new Projection(rows.getString(1), rows.getInt(2), rows.getLong(3), rows.getDouble(4),
                        rows.getDouble(5), rows.getDouble(6), Rows.nullableDouble(rows, 7),
                        Rows.nullableDouble(rows, 8), Rows.nullableDouble(rows, 9), Rows.nullableDouble(rows, 10),
                        Rows.nullableDouble(rows, 11), rows.getString(12), rows.getLong(13)),
                "Reading the projections");
    }

    public List<Action> actions(final List<String> organisationIds, final LocalDate periodStart) {
        final Map<String, Object> values = new HashMap<>();
        values.put("organisations", organisationIds.toArray(String[]::new));
        values.put("periodStart", Date.valueOf(periodStart));
        return ACTIONS.list(dataSource, values, rows -> new Action(rows.getLong(1), rows.getString(2),
                rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                rows.getObject(8, LocalDate.class), rows.getString(9), rows.getObject(10, LocalDate.class),
                rows.getString(11), rows.getString(12), (Integer) rows.getObject(13), rows.getString(14),
                Rows.nullableDouble(rows, 15), Rows.nullableDouble(rows, 16), (Integer) rows.getObject(17)),
                "Reading the actions");
    }

    /** The low-production weeks of the region that overlap the days from..to. */
    public List<LowProductionWeek> lowProductionWeeks(final String regionId, final LocalDate from,
                                                      final LocalDate to) {
        return LOW_PRODUCTION_WEEKS.list(dataSource, Map.of("region", regionId, "from", Date.valueOf(from.minusDays(6)),
                        "to", Date.valueOf(to)),
                rows -> new LowProductionWeek(rows.getObject(1, LocalDate.class), rows.getString(2)),
                "Reading the low-production weeks");
    }

    private static Organisation organisation(final java.sql.ResultSet rows) throws java.sql.SQLException {
        return new Organisation(rows.getString(1), rows.getString(2), rows.getString(3));
    }
}
