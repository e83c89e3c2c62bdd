package se.pks.stream.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One evaluation round: reads every alert condition over the window's weeks, decides each key's alert with
 * {@link AlertLifecycle} and stores the decisions, all in one transaction. A transaction-scoped advisory lock lets
 * one instance evaluate at a time; the others skip the round.
 */
@ApplicationScoped
public class AlertEvaluator {

    /** Any constant that no other part of pks-stream uses as an advisory lock. */
    private static final long ROUND_LOCK = 0x706b73616c657274L;

    /** Per evaluator, not shared: the approval condition remembers what it compared in this service's rounds. */
    private final List<ConditionSource> sources = List.of(new StatusCondition(), new SpcCondition(),
            new ProjectionCondition(), new QueueConditions(), new FeedConditions(), new OverdueActionCondition(),
            new ApprovalChangeCondition(), new RoundAnswerDueCondition());

    @Inject
    DataSource dataSource;

    AlertEvaluator() {
        // for CDI
    }

    /** An evaluator outside the service, over any database with the schema (the scenario tests). */
    public AlertEvaluator(final DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Evaluates as of {@code today}; returns how many decisions of each kind were taken, or empty when skipped. */
    public Map<AlertDecision.Kind, Integer> evaluate(final LocalDate today) throws SQLException {
        final Map<AlertDecision.Kind, Integer> taken = new EnumMap<>(AlertDecision.Kind.class);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!lock(connection)) {
                    connection.rollback();
                    return taken;
                }
                asOf(connection, today);
                final EvaluationWindow window = EvaluationWindow.asOf(today);
                final AlertSettings settings = AlertSettings.load(connection);
                final AlertTable alerts = new AlertTable(connection);
                final Map<String, LiveAlert> live = alerts.live();
                for (final AlertDecision decision : decide(read(connection, window, settings), live, settings, window)) {
                    alerts.apply(decision);
                    taken.merge(decision.kind(), 1, Integer::sum);
                }
                connection.commit();
            } catch (final SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return taken;
    }

    /** Every condition's points, grouped into one series per unit and problem ({@link Problems}). */
    private Map<String, List<ConditionPoint>> read(final Connection connection, final EvaluationWindow window,
                                                   final AlertSettings settings) throws SQLException {
        final List<ConditionPoint> points = new ArrayList<>();
        for (final ConditionSource source : sources) {
            points.addAll(source.read(connection, window, settings));
        }
        return Problems.group(points);
    }

    /**
     * @param pointsByProblem each problem's merged points in week order
     * @param live the live alerts by {@link AlertKey#problem()}
     * @param settings the clear periods of each problem's conditions; a problem waits for the longest of them
     */
    static List<AlertDecision> decide(final Map<String, List<ConditionPoint>> pointsByProblem,
                                      final Map<String, LiveAlert> live, final AlertSettings settings,
                                      final EvaluationWindow window) {
        final List<AlertDecision> decisions = new ArrayList<>();
        final Map<String, List<ConditionPoint>> problems = new LinkedHashMap<>(pointsByProblem);
        live.keySet().forEach(problem -> problems.putIfAbsent(problem, List.of()));
        for (final Map.Entry<String, List<ConditionPoint>> entry : problems.entrySet()) {
            final LiveAlert alert = live.get(entry.getKey());
            final AlertKey key = alert != null ? alert.key() : entry.getValue().getLast().key();
            decisions.add(AlertLifecycle.decide(series(entry.getValue(), key, window), alert,
                                                clearPeriods(entry.getValue(), key, settings)));
        }
        return decisions;
    }

    /** The longest clear periods among the conditions the problem's weeks hold evidence of, or its key's own. */
    private static int clearPeriods(final List<ConditionPoint> points, final AlertKey key,
                                    final AlertSettings settings) {
        int periods = settings.of(key.condition(), key.subject(), key.unitId()).clearPeriods();
        for (final ConditionPoint point : points) {
            final AlertKey lead = point.key();
            periods = Math.max(periods, settings.of(lead.condition(), lead.subject(), lead.unitId()).clearPeriods());
        }
        return periods;
    }

    /**
     * The key's points in week order, ending at the window's latest week: a week with no row for the key (no plan, no
     * SPC point, no expected report) is a week in which the condition did not hold.
     */
    private static List<ConditionPoint> series(final List<ConditionPoint> points, final AlertKey key,
                                               final EvaluationWindow window) {
        final List<ConditionPoint> series = new ArrayList<>(points);
        series.sort(Comparator.comparing(ConditionPoint::period));
        if (series.isEmpty() || series.getLast().period().isBefore(window.latestWeek())) {
            series.add(new ConditionPoint(key, window.latestWeek(), false, Severity.NOTICE, null, null,
                                          "every condition clear in week " + Figures.week(window.latestWeek())));
        }
        return series;
    }

    /**
     * The views the conditions read (expected reports, year to date) judge as of the round's day, not the database
     * clock, so a round evaluates exactly the reports and weeks that were due on that day.
     */
    private static void asOf(final Connection connection, final LocalDate today) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('pks.as_of', ?, true)")) {
            statement.setString(1, today.toString());
            statement.executeQuery().close();
        }
    }

    private static boolean lock(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_try_advisory_xact_lock(" + ROUND_LOCK + ")")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
