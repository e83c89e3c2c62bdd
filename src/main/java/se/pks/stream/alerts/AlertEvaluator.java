package se.pks.stream.alerts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
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

    private static final List<ConditionSource> SOURCES = List.of(new StatusCondition(), new SpcCondition(),
            new ProjectionCondition(), new QueueConditions(), new FeedConditions(), new OverdueActionCondition());

    @Inject
    DataSource dataSource;

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

    private static Map<String, List<ConditionPoint>> read(final Connection connection, final EvaluationWindow window,
                                                          final AlertSettings settings) throws SQLException {
        final Map<String, List<ConditionPoint>> byKey = new LinkedHashMap<>();
        for (final ConditionSource source : SOURCES) {
            for (final ConditionPoint point : source.read(connection, window, settings)) {
                byKey.computeIfAbsent(point.key().text(), k -> new ArrayList<>()).add(point);
            }
        }
        return byKey;
    }

    static List<AlertDecision> decide(final Map<String, List<ConditionPoint>> pointsByKey,
                                      final Map<String, LiveAlert> live, final AlertSettings settings,
                                      final EvaluationWindow window) {
        final List<AlertDecision> decisions = new ArrayList<>();
        final Map<String, List<ConditionPoint>> keys = new LinkedHashMap<>(pointsByKey);
        live.keySet().forEach(key -> keys.putIfAbsent(key, List.of()));
        for (final Map.Entry<String, List<ConditionPoint>> entry : keys.entrySet()) {
            final LiveAlert alert = live.get(entry.getKey());
            final AlertKey key = entry.getValue().isEmpty() ? alert.key() : entry.getValue().getFirst().key();
            final AlertSetting setting = settings.of(key.condition(), key.subject(), key.unitId());
            if (!setting.enabled()) {
                if (alert != null) {
                    decisions.add(AlertLifecycle.disabled(alert));
                }
                continue;
            }
            decisions.add(AlertLifecycle.decide(series(entry.getValue(), key, window), alert, setting.clearPeriods()));
        }
        return decisions;
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
                                          "condition clear in week " + Figures.week(window.latestWeek())));
        }
        return series;
    }

    private static boolean lock(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_try_advisory_xact_lock(" + ROUND_LOCK + ")")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
