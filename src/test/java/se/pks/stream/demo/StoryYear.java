package se.pks.stream.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import se.pks.stream.model.Plan;

/**
 * A year of weekly figures of the demo region's units, drawn from their stories (demo/DemoCatalogue: performance
 * against plan, drift per year, inflow against forecast) and the demo's own plans, with the noise the demo's events
 * have: counts are Poisson draws around plan x performance, staffed beds a mean of seven censuses with the ward's
 * spread of 0.7 beds. A waiting list moves from its forecast by the referrals above forecast and the removals below
 * plan. Weeks are drawn one at a time, so an evaluation round only ever sees the weeks that have ended.
 */
final class StoryYear {

    /** Share of referrals that end on the list (the rest are cancelled or transferred), as in the demo's plans. */
    private static final double LEAVING = 1.0 - DailyPlan.CANCELLED_SHARE - DailyPlan.TRANSFERRED_SHARE;
    private static final double BEDS_NOISE = 0.7;
    private static final double HOURS_SPREAD = 0.25;

    /** One week's figure of one unit and measure. */
    record Figure(String unitId, String measure, LocalDate week, double value) {
    }

    private final LocalDate firstDay;
    private final Map<String, Double> plans = new HashMap<>();
    private final Map<String, SplittableRandom> randoms = new HashMap<>();
    private final Map<String, Double> listDrift = new HashMap<>();

    StoryYear(final LocalDate firstDay, final List<Plan> plans, final List<DemoUnit> units, final long seed) {
        this.firstDay = firstDay;
        for (final Plan plan : plans) {
            if (plan.granularity().name().equals("WEEK")) {
                this.plans.put(plan.unitId() + "|" + plan.measure() + "|" + plan.periodStart(), plan.value());
            }
        }
        final SplittableRandom seeded = new SplittableRandom(seed);
        for (final DemoUnit unit : units) {
            randoms.put(unit.id(), seeded.split());
        }
    }

    /** The figures of one unit in the week starting {@code week}. */
    List<Figure> week(final DemoUnit unit, final LocalDate week) {
        final SplittableRandom random = randoms.get(unit.id());
        final double performance = unit.performanceOn(firstDay, week.plusDays(3));
        final List<Figure> figures = new ArrayList<>();
        switch (unit.profile()) {
            case UnitProfile.Outpatient ignored -> {
                final double planned = plan(unit, "first_visits", week);
                final int visits = Draws.poisson(random, planned * performance);
                figures.add(new Figure(unit.id(), "first_visits", week, visits));
                figures.addAll(waitingList(unit, week, random, visits - planned));
            }
            case UnitProfile.Surgical theatre -> {
                final double planned = plan(unit, "operations", week);
                final int operations = Draws.poisson(random, planned * performance);
                figures.add(new Figure(unit.id(), "operations", week, operations));
                final double hours = operations * theatre.meanHours()
                        * (1 + HOURS_SPREAD * random.nextGaussian() / Math.sqrt(Math.max(1, operations)));
                figures.add(new Figure(unit.id(), "operation_hours", week, Math.round(hours * 10) / 10.0));
                figures.addAll(waitingList(unit, week, random, operations - planned));
            }
            case UnitProfile.Ward ignored -> {
                final double beds = plan(unit, "staffed_beds", week) * performance
                        + BEDS_NOISE * random.nextGaussian() / Math.sqrt(7);
                figures.add(new Figure(unit.id(), "staffed_beds", week, Math.round(beds * 100) / 100.0));
                figures.add(new Figure(unit.id(), "discharges", week,
                        Draws.poisson(random, plan(unit, "discharges", week) * performance)));
            }
        }
        return figures;
    }

    private List<Figure> waitingList(final DemoUnit unit, final LocalDate week, final SplittableRandom random,
                                     final double removedAbovePlan) {
        final double forecast = plan(unit, "referrals_in", week);
        final int referrals = Draws.poisson(random, forecast * unit.inflowRatio());
        final double drift = listDrift.merge(unit.id(), (referrals - forecast) * LEAVING - removedAbovePlan,
                                             Double::sum);
        final double waiting = Math.max(0, Math.round(plan(unit, "waiting_count", week) + drift));
        return List.of(new Figure(unit.id(), "referrals_in", week, referrals),
                       new Figure(unit.id(), "waiting_count", week, waiting));
    }

    private double plan(final DemoUnit unit, final String measure, final LocalDate week) {
        final Double value = plans.get(unit.id() + "|" + measure + "|" + week);
        if (value == null) {
            throw new IllegalStateException("The demo has no weekly plan of " + measure + " for " + unit.id()
                                            + " in the week of " + week);
        }
        return value;
    }
}
