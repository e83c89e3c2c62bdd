package se.pks.stream.alerts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert per unit and problem, not per measure and rule. The points of every condition that speaks of the same
 * problem (the status, SPC points and projection of one measure; the waiting-list measures and queue figures of one
 * list; the missing and rejected reports of one feed) become one point per week:
 * <ul>
 *   <li>it holds when at least one condition holds at WARNING or above; NOTICE-level evidence (a single week off
 *       plan, an SPC signal, a projection on its own) is listed but neither opens an alert nor keeps one open;</li>
 *   <li>its severity is the highest among them, and CRITICAL where a sustained shortfall meets a threat to the year's
 *       plan (the year-end projection misses the annual target) or to the care guarantee (sustained queue pressure);
 *   </li>
 *   <li>its figures and sentence are those of the leading condition (the most severe, then in the order of
 *       {@link AlertCondition}); every condition that held is listed as evidence.</li>
 * </ul>
 * So the alert resolves only when all of its conditions have been clear for the clear periods.
 */
final class Problems {

    private Problems() {
    }

    /** The points of each problem, by {@link AlertKey#problem()}, one merged point per week in week order. */
    static Map<String, List<ConditionPoint>> group(final List<ConditionPoint> points) {
        final Map<String, TreeMap<LocalDate, List<ConditionPoint>>> byProblem = new LinkedHashMap<>();
        for (final ConditionPoint point : points) {
            byProblem.computeIfAbsent(point.key().problem(), k -> new TreeMap<>())
                    .computeIfAbsent(point.period(), k -> new ArrayList<>()).add(point);
        }
        final Map<String, List<ConditionPoint>> grouped = new LinkedHashMap<>();
        byProblem.forEach((problem, weeks) -> grouped.put(problem,
                weeks.values().stream().map(Problems::merge).toList()));
        return grouped;
    }

    /** One week of one problem from the points of its conditions in that week. */
    static ConditionPoint merge(final List<ConditionPoint> week) {
        final List<ConditionPoint> held = week.stream().filter(ConditionPoint::active)
                .sorted(Comparator.comparing(ConditionPoint::severity).reversed()
                                  .thenComparing(point -> point.key().condition()))
                .toList();
        final List<ConditionPoint> loud = held.stream().filter(point -> point.severity().isAbove(Severity.NOTICE))
                .toList();
        final ConditionPoint lead = !held.isEmpty() ? held.getFirst()
                : week.stream().min(Comparator.comparing(point -> point.key().condition())).orElseThrow();
        final Severity severity = loud.isEmpty() ? Severity.NOTICE : atRisk(held, loud) ? Severity.CRITICAL
                : loud.getFirst().severity();
        final AlertKey key = new AlertKey(lead.key().condition(), lead.key().unitId(), lead.key().organisationId(),
                                          lead.key().problemSubject());
        final List<String> evidence = held.stream()
                .map(point -> point.key().condition() + " (" + point.severity() + "): " + point.summary()).toList();
        final String summary = lead.summary() + (severity == Severity.CRITICAL && !lead.severity().equals(severity)
                ? "; " + riskText(held) : "");
        return new ConditionPoint(key, lead.period(), !loud.isEmpty(), severity, lead.value(), lead.threshold(),
                                  summary, week.stream().allMatch(ConditionPoint::settled), evidence);
    }

    /**
     * A sustained shortfall (STATUS or QUEUE_SIZE at WARNING) beside a threat to the year's plan (the projection misses)
     * or to the care guarantee (queue pressure sustained): the production manager must act now.
     */
    private static boolean atRisk(final List<ConditionPoint> held, final List<ConditionPoint> loud) {
        final boolean sustained = loud.stream().anyMatch(point -> point.key().condition() == AlertCondition.STATUS
                                                                  || point.key().condition() == AlertCondition.QUEUE_SIZE);
        return sustained && (held.stream().anyMatch(point -> point.key().condition() == AlertCondition.PROJECTION)
                             || loud.stream().anyMatch(point -> point.key().condition() == AlertCondition.QUEUE_PRESSURE));
    }

    private static String riskText(final List<ConditionPoint> held) {
        return held.stream().anyMatch(point -> point.key().condition() == AlertCondition.PROJECTION)
                ? "the year's plan is at risk" : "the care guarantee is at risk";
    }
}
