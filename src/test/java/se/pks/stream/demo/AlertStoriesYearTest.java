package se.pks.stream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import se.pks.stream.alerts.AlertEvaluator;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Plan;
import se.pks.stream.sink.DerivedFiguresForTests;
import se.pks.stream.storage.HolidayRegister;
import se.pks.stream.storage.MigratedDatabaseTest;
import se.pks.stream.storage.SpcCharts;

/**
 * The alerts of a whole year, 2025 (the new year, Easter, summer and Christmas included), of the demo region's thirty
 * units, each with its story from the demo catalogue: behind plan, ahead, drifting, beds below plan, inflow above
 * forecast, or none (ten units produce at plan). Every Monday the week that ended is stored, the SPC charts and
 * projections are refreshed as the service's refresher does, the providers' reports of the days up to two days ago
 * (one for the wards' census) have arrived, and the alert round runs as of that Monday.
 *
 * <p>What must come out: every story's alert, at WARNING or above, within two weeks of the story becoming visible in
 * the figures; no WARNING or CRITICAL alert on a unit without a story at any time of the year; no FEED_MISSING
 * alert, since every report comes before it is due; at most one open alert per unit on average at the year's end.
 */
class AlertStoriesYearTest extends MigratedDatabaseTest {

    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
    private static final LocalDate FIRST_WEEK = LocalDate.of(2024, 12, 30);
    private static final LocalDate LAST_ROUND = LocalDate.of(2026, 1, 5);
    /** The seed of the drawn figures; -Dpks.stories.seed=N replays another year of the same stories. */
    private static final long FIGURES_SEED = Long.getLong("pks.stories.seed", 2025L);
    /** How long after it became visible a story's alert may come. */
    private static final int WEEKS_TO_RAISE = 2;

    /** A live alert as one round left it. */
    private record Live(LocalDate round, String unitId, String subject, String condition, String severity) {
    }

    @Test
    void everyStoryRaisesItsAlertAndUnitsAtPlanRaiseNone() throws SQLException {
        final List<DemoUnit> units = DemoCatalogue.units();
        final DemoRegion region = DemoRegionGenerator.generate(
                new DemoSettings(42L, FIRST_DAY, LAST_ROUND.plusDays(6), 1.0), units, DemoCatalogue.REGION_ID,
                new SplittableRandom(42L), false, false);
        store(region, units);
        final StoryYear year = new StoryYear(FIRST_DAY, region.plans(), units, FIGURES_SEED);
        final AlertEvaluator evaluator = new AlertEvaluator(dataSource());
        final List<Live> rounds = new ArrayList<>();
        final long started = System.nanoTime();
        final long[] timing = new long[4];
        for (LocalDate round = FIRST_WEEK.plusWeeks(2); !round.isAfter(LAST_ROUND); round = round.plusWeeks(1)) {
            final long t0 = System.nanoTime();
            final LocalDate ended = round.minusWeeks(1);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, value) "
                    + "VALUES ('WEEK', ?, ?, ?, ?)")) {
                for (final DemoUnit unit : units) {
                    for (final StoryYear.Figure figure : year.week(unit, ended)) {
                        insert.setObject(1, figure.week());
                        insert.setString(2, figure.unitId());
                        insert.setString(3, figure.measure());
                        insert.setDouble(4, figure.value());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            reportsArrived(units, round);
            final long t1 = System.nanoTime();
            timing[0] += t1 - t0;
            refreshDerivedFigures(units, round);
            final long t2 = System.nanoTime();
            timing[1] += t2 - t1;
            evaluator.evaluate(round);
            final long t3 = System.nanoTime();
            timing[2] += t3 - t2;
            rounds.addAll(live(round));
            timing[3] += System.nanoTime() - t3;
        }
        System.out.printf("figures %d ms, derived %d ms, evaluation %d ms%n", timing[0] / 1_000_000,
                          timing[1] / 1_000_000, timing[2] / 1_000_000);
        final long seconds = (System.nanoTime() - started) / 1_000_000_000;

        final Stories stories = new Stories(units, region.plans());
        final String report = stories.report(rounds, WEEKS_TO_RAISE);
        System.out.println("Alert stories over 2025, figures seed " + FIGURES_SEED + " (" + seconds + " s):\n" + report);

        assertEquals(0, stories.loudOnUnitsWithoutStory(rounds).size(), report);
        assertEquals(0, rounds.stream().filter(live -> live.condition().equals("FEED_MISSING")).count(), report);
        assertEquals(List.of(), stories.loudWithoutTheStory(rounds), report);
        assertEquals(List.of(), stories.missedOrLate(rounds, WEEKS_TO_RAISE, List.of(Stories.BEHIND, Stories.BEDS,
                                                                                   Stories.LIST)),
                     report);
        final long openAtEnd = rounds.stream().filter(live -> live.round().equals(LAST_ROUND)).count();
        assertTrue(openAtEnd <= units.size(), openAtEnd + " open alerts at the end of the year\n" + report);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void store(final DemoRegion region, final List<DemoUnit> units) throws SQLException {
        execute("TRUNCATE pks.unit, pks.plan, pks.measure_value, pks.alert, pks.alert_change, pks.spc_point, "
                + "pks.spc_chart, pks.projection, pks.queue_status, pks.feed_quality, pks.expected_reporting, "
                + "pks.calendar_week, pks.day_off, pks.subscription, pks.notification, pks.action CASCADE");
        HolidayRegister.store(connection, 2024, 2026);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership, "
                + "region_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (final CareUnit unit : region.units()) {
                insert.setString(1, unit.unitId());
                insert.setString(2, unit.name());
                insert.setString(3, unit.providerId());
                insert.setString(4, unit.organisationId());
                insert.setString(5, unit.organisationName());
                insert.setString(6, unit.ownership().name());
                insert.setString(7, unit.regionId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) "
                + "VALUES (?, ?, ?, ?, ?, ?)")) {
            for (final Plan plan : region.plans()) {
                insert.setString(1, plan.unitId());
                insert.setString(2, plan.measure());
                insert.setString(3, plan.planKind().name());
                insert.setString(4, plan.granularity().name());
                insert.setObject(5, plan.periodStart());
                insert.setDouble(6, plan.value());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        for (final CalendarWeek week : region.calendar()) {
            execute("INSERT INTO pks.calendar_week VALUES ('" + week.regionId() + "', '" + week.weekStart() + "', '"
                    + week.kind() + "', '" + (week.label() == null ? "" : week.label().replace("'", "''")) + "')");
        }
        for (final ExpectedReporting row : ExpectedReporting.of(units)) {
            execute("INSERT INTO pks.expected_reporting (unit_id, feed, cadence, valid_from) VALUES ('"
                    + row.unitId() + "', '" + row.feed() + "', '" + row.cadence() + "', '" + FIRST_DAY + "')");
        }
    }

    /**
     * The reports have arrived as the providers send them: the clinics and theatres send a day's events two days later,
     * the wards their census the next day. So on the round's Monday the weekend is still owed.
     */
    private void reportsArrived(final List<DemoUnit> units, final LocalDate round)
            throws SQLException {
        for (final ExpectedReporting row : ExpectedReporting.of(units)) {
            final LocalDate until = row.feed().name().equals("BED_OCCUPANCY") ? round.minusDays(2) : round.minusDays(3);
            final String provider = units.stream().filter(u -> u.id().equals(row.unitId())).findFirst().orElseThrow()
                    .providerId();
            execute("INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted) "
                    + "SELECT '" + provider + "', '" + row.unitId() + "', '" + row.feed() + "', d::date, 10, 10 "
                    + "FROM generate_series('" + FIRST_DAY + "'::date, '" + until + "'::date, interval '1 day') d "
                    + "WHERE extract(isodow FROM d) <= 5 OR '" + row.feed() + "' = 'BED_OCCUPANCY' "
                    + "ON CONFLICT DO NOTHING");
        }
    }

    private void refreshDerivedFigures(final List<DemoUnit> units, final LocalDate round) throws SQLException {
        final SpcCharts charts = new SpcCharts();
        for (final DemoUnit unit : units) {
            for (final String measure : measures(unit)) {
                charts.refresh(connection, unit.id(), measure, round);
            }
            DerivedFiguresForTests.projection(connection, unit.id(), Stories.problem(unit), round);
        }
    }

    /** The charts the alerts read: the measures with a weekly plan (referrals_in has a forecast but no status). */
    private static List<String> measures(final DemoUnit unit) {
        return switch (unit.profile()) {
            case UnitProfile.Outpatient ignored -> List.of("first_visits", "waiting_count");
            case UnitProfile.Surgical ignored -> List.of("operations", "operation_hours", "waiting_count");
            case UnitProfile.Ward ignored -> List.of("discharges", "staffed_beds");
        };
    }

    private List<Live> live(final LocalDate round) throws SQLException {
        final List<Live> alerts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT unit_id, subject, condition, severity FROM pks.alert WHERE state <> 'RESOLVED'")) {
            while (row.next()) {
                alerts.add(new Live(round, row.getString(1), row.getString(2), row.getString(3), row.getString(4)));
            }
        }
        return alerts;
    }

    private void execute(final String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The stories of the catalogue as the alerts should see them, with the week each becomes visible in the figures:
     * the first week whose expected shortfall (or excess), summed since the story began, is larger than three
     * standard deviations of the noise the figures have over those weeks (Poisson for counts) and than the YELLOW
     * threshold of 5 %. Worked out from the stories and the plans, not from the drawn figures.
     */
    private static final class Stories {

        static final String BEHIND = "behind plan";
        static final String DRIFTING = "drifting down";
        static final String BEDS = "beds below plan";
        static final String LIST = "list above forecast";
        private static final int FIRM_WEEKS = 12;
        private static final double SIGMAS = 3.5;
        private static final double MATERIAL = 0.05;

        /** condition -> unitId -> the subject the alert should be about and the week it becomes visible. */
        private final Map<String, Map<String, Expected>> expected = new LinkedHashMap<>();
        private final List<String> withoutStory = new ArrayList<>();
        /** condition -> the units whose story it is, visible within the year or not. */
        private final Map<String, List<String>> storyUnits = new LinkedHashMap<>();

        private record Expected(String subject, LocalDate visible) {
        }

        Stories(final List<DemoUnit> units, final List<Plan> plans) {
            final Map<String, Double> weekly = new HashMap<>();
            plans.stream().filter(p -> p.granularity().name().equals("WEEK"))
                    .forEach(p -> weekly.put(p.unitId() + "|" + p.measure() + "|" + p.periodStart(), p.value()));
            for (final String condition : List.of(BEHIND, DRIFTING, BEDS, LIST)) {
                expected.put(condition, new TreeMap<>());
                storyUnits.put(condition, new ArrayList<>());
            }
            for (final DemoUnit unit : units) {
                final boolean ward = unit.profile() instanceof UnitProfile.Ward;
                final boolean atPlan = unit.performance() == 1.0 && unit.driftPerYear() == 0.0
                        && unit.inflowRatio() == 1.0;
                if (atPlan) {
                    withoutStory.add(unit.id());
                    continue;
                }
                if (ward && unit.performance() < 1) {
                    storyUnits.get(BEDS).add(unit.id());
                }
                if (!ward && unit.driftPerYear() < 0) {
                    storyUnits.get(DRIFTING).add(unit.id());
                }
                if (!ward && unit.performance() < 1 && unit.driftPerYear() >= 0) {
                    storyUnits.get(BEHIND).add(unit.id());
                }
                if (!ward && (unit.inflowRatio() > 1 || unit.performance() < 1 || unit.driftPerYear() < 0)) {
                    storyUnits.get(LIST).add(unit.id());
                }
                final LocalDate shortfall = judged(visibleShortfall(unit, weekly));
                if (shortfall != null) {
                    final String condition = ward ? BEDS : unit.driftPerYear() < 0 ? DRIFTING : BEHIND;
                    expected.get(condition).put(unit.id(), new Expected(problem(unit), shortfall));
                }
                final LocalDate list = judged(visibleList(unit, weekly));
                if (list != null) {
                    expected.get(LIST).put(unit.id(), new Expected("waiting_count", list));
                }
            }
        }

        /** The subject of the unit's production problem: the headline measure of its feed. */
        static String problem(final DemoUnit unit) {
            return unit.profile() instanceof UnitProfile.Ward ? "discharges" : headline(unit);
        }

        /**
         * A story cannot be told from the plan's own noise before there are {@link #FIRM_WEEKS} weeks of figures to
         * judge it by (as many as firm SPC limits need): it is visible at the earliest in the last of them.
         */
        private static LocalDate judged(final LocalDate visible) {
            final LocalDate firstJudged = FIRST_WEEK.plusWeeks(FIRM_WEEKS - 1);
            return visible == null || visible.isAfter(firstJudged) ? visible : firstJudged;
        }

        static String headline(final DemoUnit unit) {
            return switch (unit.profile()) {
                case UnitProfile.Outpatient ignored -> "first_visits";
                case UnitProfile.Surgical ignored -> "operations";
                case UnitProfile.Ward ignored -> "staffed_beds";
            };
        }

        /** The first week in which the shortfall against the headline plan is material and beyond the noise. */
        private static LocalDate visibleShortfall(final DemoUnit unit, final Map<String, Double> weekly) {
            double planned = 0;
            double shortfall = 0;
            double variance = 0;
            for (LocalDate week = FIRST_WEEK; week.isBefore(LAST_ROUND); week = week.plusWeeks(1)) {
                final double performance = unit.performanceOn(FIRST_DAY, week.plusDays(3));
                final Double plan = weekly.get(unit.id() + "|" + headline(unit) + "|" + week);
                if (plan == null) {
                    continue;
                }
                final boolean ward = unit.profile() instanceof UnitProfile.Ward;
                // wards: the staffed beds are a mean, judged week by week (their noise is 0.7 / sqrt(7) beds)
                planned = ward ? plan : planned + plan;
                shortfall = ward ? plan * (1 - performance) : shortfall + plan * (1 - performance);
                variance = ward ? 0.49 / 7 : variance + plan * performance;
                if (shortfall > MATERIAL * planned && shortfall > SIGMAS * Math.sqrt(variance)) {
                    return week;
                }
            }
            return null;
        }

        /**
         * The first week in which the waiting list is materially and visibly above its forecast, from referrals
         * above forecast and removals below plan.
         */
        private static LocalDate visibleList(final DemoUnit unit, final Map<String, Double> weekly) {
            if (unit.profile() instanceof UnitProfile.Ward) {
                return null;
            }
            double excess = 0;
            double variance = 0;
            for (LocalDate week = FIRST_WEEK; week.isBefore(LAST_ROUND); week = week.plusWeeks(1)) {
                final double referrals = weekly.get(unit.id() + "|referrals_in|" + week);
                final double performance = unit.performanceOn(FIRST_DAY, week.plusDays(3));
                final double removals = weekly.get(unit.id() + "|" + headline(unit) + "|" + week);
                excess += referrals * (unit.inflowRatio() - 1) * 0.92 + removals * (1 - performance);
                variance += referrals * unit.inflowRatio() + removals * performance;
                final double forecast = weekly.get(unit.id() + "|waiting_count|" + week);
                if (excess > MATERIAL * forecast && excess > SIGMAS * Math.sqrt(variance)) {
                    return week;
                }
            }
            return null;
        }

        /** WARNING or CRITICAL alerts on the units that produce at plan, as "round unit subject severity". */
        List<String> loudOnUnitsWithoutStory(final List<Live> rounds) {
            return rounds.stream().filter(live -> withoutStory.contains(live.unitId()) && loud(live))
                    .map(live -> live.round() + " " + live.unitId() + " " + live.subject() + " " + live.severity())
                    .distinct().toList();
        }

        /** WARNING or CRITICAL alerts on a subject of the condition's kind, on units without the condition's story. */
        List<String> loudWithoutTheStory(final List<Live> rounds) {
            final List<String> loud = new ArrayList<>();
            storyUnits.forEach((condition, units) -> candidates(rounds, condition).stream()
                    .filter(key -> !units.contains(key.split("\\|")[0]))
                    .forEach(key -> loud.add(condition + ": " + key)));
            return loud;
        }

        /** Stories of the given conditions whose alert did not come within {@code weeks} of becoming visible. */
        List<String> missedOrLate(final List<Live> rounds, final int weeks, final List<String> conditions) {
            final List<String> missed = new ArrayList<>();
            expected.forEach((condition, byUnit) -> byUnit.forEach((unit, story) -> {
                if (!conditions.contains(condition)) {
                    return;
                }
                final LocalDate raised = raised(rounds, unit, story.subject());
                // the week visible is judged by the round of the Monday after it
                final LocalDate due = story.visible().plusWeeks(1 + weeks);
                if (raised == null || raised.isAfter(due)) {
                    missed.add(condition + ": " + unit + " " + story.subject() + " visible in week of "
                               + story.visible() + ", raised " + raised);
                }
            }));
            return missed;
        }

        private static LocalDate raised(final List<Live> rounds, final String unit, final String subject) {
            return rounds.stream().filter(live -> live.unitId().equals(unit) && live.subject().equals(subject)
                                                  && loud(live))
                    .map(Live::round).min(LocalDate::compareTo).orElse(null);
        }

        private static boolean loud(final Live live) {
            return live.severity().equals("WARNING") || live.severity().equals("CRITICAL");
        }

        /**
         * Per condition: recall (stories whose alert came in time / stories) and precision (of the WARNING or
         * CRITICAL alerts raised on that kind of subject, the share that belong to a story of the condition), then
         * the alerts per unit.
         */
        String report(final List<Live> rounds, final int weeks) {
            final StringBuilder text = new StringBuilder();
            text.append(String.format(Locale.ROOT, "%-22s %7s %7s %7s %9s %9s %9s  %s%n", "condition", "units",
                                      "visible", "in time", "recall", "alerts", "precision",
                                      "delays (weeks after visible)"));
            expected.forEach((condition, byUnit) -> {
                final List<String> delays = new ArrayList<>();
                int inTime = 0;
                for (final Map.Entry<String, Expected> story : byUnit.entrySet()) {
                    final LocalDate raised = raised(rounds, story.getKey(), story.getValue().subject());
                    final long delay = raised == null ? -1
                            : ChronoUnit.WEEKS.between(story.getValue().visible().plusWeeks(1), raised);
                    delays.add(story.getKey() + "=" + (raised == null ? "none" : delay));
                    if (raised != null && delay <= weeks) {
                        inTime++;
                    }
                }
                final List<String> alerts = candidates(rounds, condition);
                final long ofStory = alerts.stream()
                        .filter(key -> storyUnits.get(condition).contains(key.split("\\|")[0])).count();
                text.append(String.format(Locale.ROOT, "%-22s %7d %7d %7d %9s %9s %9s  %s%n", condition,
                                          storyUnits.get(condition).size(), byUnit.size(), inTime,
                                          ratio(inTime, byUnit.size()), alerts.size(),
                                          ratio(ofStory, alerts.size()), String.join(" ", delays)));
            });
            final Map<String, Long> atEnd = new TreeMap<>();
            rounds.stream().filter(live -> live.round().equals(LAST_ROUND))
                    .forEach(live -> atEnd.merge(live.unitId() + " " + live.subject() + " " + live.severity()
                                                 + " (" + live.condition() + ")", 1L, Long::sum));
            text.append("open at ").append(LAST_ROUND).append(": ").append(atEnd.size()).append(" alerts\n");
            atEnd.keySet().forEach(key -> text.append("  ").append(key).append('\n'));
            final Map<String, String> loud = new TreeMap<>();
            rounds.stream().filter(live -> withoutStory.contains(live.unitId()) && loud(live))
                    .forEach(live -> loud.merge(live.unitId() + " " + live.subject(), live.round() + " "
                                                + live.severity(), (a, b) -> a.compareTo(b) <= 0 ? a : b));
            text.append("WARNING/CRITICAL alerts on units without a story: ").append(loud.size()).append('\n');
            loud.forEach((key, first) -> text.append("  ").append(key).append(", first ").append(first).append('\n'));
            return text.toString();
        }

        /**
         * The WARNING or CRITICAL alerts (unit|subject) that count for a condition's precision: those on its kind of
         * subject, on units with its story or with no story of that kind at all (an alert there is a false one).
         */
        private List<String> candidates(final List<Live> rounds, final String condition) {
            final List<String> sameKind = condition.equals(LIST) ? List.of(LIST)
                    : condition.equals(BEDS) ? List.of(BEDS) : List.of(BEHIND, DRIFTING);
            return rounds.stream().filter(live -> loud(live) && subjectMatches(condition, live))
                    .filter(live -> storyUnits.get(condition).contains(live.unitId())
                                    || sameKind.stream().noneMatch(c -> storyUnits.get(c).contains(live.unitId())))
                    .map(live -> live.unitId() + "|" + live.subject()).distinct().toList();
        }

        private static String ratio(final long part, final long whole) {
            return whole == 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) part / whole);
        }

        /** The production subjects are shared by three conditions; each counts the units of its own kind. */
        private boolean subjectMatches(final String condition, final Live live) {
            final boolean list = live.subject().equals("waiting_count");
            final boolean ward = live.subject().equals("discharges");
            return condition.equals(LIST) ? list : !list && condition.equals(BEDS) == ward;
        }
    }
}
