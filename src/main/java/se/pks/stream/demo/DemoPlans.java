package se.pks.stream.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Measure;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;

/**
 * The region's plans for every calendar year the demo touches, as the planning office would send them: weekly
 * targets and forecasts per unit, and monthly targets for the two headline measures. Values have one decimal, as
 * an annual target spread over the weeks does.
 */
final class DemoPlans {

    private final DailyPlan daily;
    private final LocalDate firstMonth;
    private final LocalDate firstWeek;
    private final LocalDate lastDayOfPlans;

    DemoPlans(final DailyPlan daily, final DemoSettings settings) {
        this.daily = daily;
        this.firstMonth = LocalDate.of(settings.firstDay().getYear(), 1, 1);
        this.firstWeek = Granularity.WEEK.periodStart(firstMonth);
        this.lastDayOfPlans = LocalDate.of(settings.lastDay().getYear(), 12, 31);
    }

    List<Plan> forUnits(final List<DemoUnit> units) {
        final List<Plan> plans = new ArrayList<>();
        for (final DemoUnit unit : units) {
            plans.addAll(forUnit(unit));
        }
        return plans;
    }

    private List<Plan> forUnit(final DemoUnit unit) {
        final List<Plan> plans = new ArrayList<>();
        switch (unit.profile()) {
            case UnitProfile.Outpatient clinic -> {
                plans.addAll(weekly(unit, Measure.FIRST_VISITS, PlanKind.TARGET, day -> daily.firstVisits(clinic, day)));
                plans.addAll(monthly(unit, Measure.FIRST_VISITS, day -> daily.firstVisits(clinic, day)));
                plans.addAll(waitingListForecasts(unit));
            }
            case UnitProfile.Surgical theatre -> {
                plans.addAll(weekly(unit, Measure.OPERATIONS, PlanKind.TARGET, day -> daily.operations(theatre, day)));
                plans.addAll(monthly(unit, Measure.OPERATIONS, day -> daily.operations(theatre, day)));
                plans.addAll(weekly(unit, Measure.OPERATION_HOURS, PlanKind.CAPACITY_FORECAST,
                        day -> daily.operationHours(theatre, day)));
                plans.addAll(waitingListForecasts(unit));
            }
            case UnitProfile.Ward ward -> {
                plans.addAll(weekly(unit, Measure.DISCHARGES, PlanKind.TARGET, day -> daily.discharges(ward, day)));
                // staffed_beds is a mean over the week's censuses, not a sum
                plans.addAll(weekly(unit, Measure.STAFFED_BEDS, PlanKind.CAPACITY_FORECAST,
                        day -> daily.staffedBeds(ward, day) / 7.0));
            }
        }
        return plans;
    }

    private List<Plan> weekly(final DemoUnit unit, final Measure measure, final PlanKind kind,
            final ToDoubleFunction<LocalDate> perDay) {
        final List<Plan> plans = new ArrayList<>();
        for (LocalDate week = firstWeek; !week.isAfter(lastDayOfPlans); week = week.plusWeeks(1)) {
            plans.add(plan(unit, measure, kind, Granularity.WEEK, week, sum(week, week.plusWeeks(1), perDay)));
        }
        return plans;
    }

    private List<Plan> monthly(final DemoUnit unit, final Measure measure, final ToDoubleFunction<LocalDate> perDay) {
        final List<Plan> plans = new ArrayList<>();
        for (LocalDate month = firstMonth; !month.isAfter(lastDayOfPlans); month = month.plusMonths(1)) {
            plans.add(plan(unit, measure, PlanKind.TARGET, Granularity.MONTH, month,
                    sum(month, month.plusMonths(1), perDay)));
        }
        return plans;
    }

    /**
     * Referrals expected per week, and the list length they lead to if the unit removes exactly what its target
     * says: the list starts at its initial length and moves by inflow minus planned removals each week.
     */
    private List<Plan> waitingListForecasts(final DemoUnit unit) {
        final UnitProfile profile = unit.profile();
        final List<Plan> plans = new ArrayList<>();
        plans.addAll(weekly(unit, Measure.REFERRALS_IN, PlanKind.INFLOW_FORECAST,
                day -> daily.referrals(profile, day)));
        double waiting = daily.initialWaiting(profile);
        final double leaving = 1.0 - DailyPlan.CANCELLED_SHARE - DailyPlan.TRANSFERRED_SHARE;
        for (LocalDate week = firstWeek; !week.isAfter(lastDayOfPlans); week = week.plusWeeks(1)) {
            waiting += sum(week, week.plusWeeks(1),
                    day -> daily.referrals(profile, day) * leaving - daily.performedFromWaitingList(profile, day));
            waiting = Math.max(0.0, waiting);
            plans.add(plan(unit, Measure.WAITING_COUNT, PlanKind.WAITING_FORECAST, Granularity.WEEK, week, waiting));
        }
        return plans;
    }

    private static double sum(final LocalDate from, final LocalDate until, final ToDoubleFunction<LocalDate> perDay) {
        double total = 0.0;
        for (LocalDate day = from; day.isBefore(until); day = day.plusDays(1)) {
            total += perDay.applyAsDouble(day);
        }
        return total;
    }

    private static Plan plan(final DemoUnit unit, final Measure measure, final PlanKind kind,
            final Granularity granularity, final LocalDate periodStart, final double value) {
        return new Plan(unit.id(), measure.id(), kind, granularity, periodStart, Math.round(value * 10.0) / 10.0);
    }
}
