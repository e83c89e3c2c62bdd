package se.pks.stream.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    private static final AlertKey KEY = new AlertKey(AlertCondition.STATUS, "u1", "o1", "first_visits");
    private static final LocalDate W0 = LocalDate.of(2025, 9, 1);

    @Test
    void opensOnlyWhenTheLatestWeekIsInTheAlertState() {
        assertEquals(AlertDecision.Kind.OPEN,
                AlertLifecycle.decide(weeks("..R"), null, 2).kind());
        // A RED week two weeks ago is history, not news.
        assertEquals(AlertDecision.Kind.NONE,
                AlertLifecycle.decide(weeks("R.."), null, 2).kind());
    }

    @Test
    void aHoveringValueKeepsOneAlertOpen() {
        final LiveAlert live = live(Severity.WARNING, W0.plusWeeks(2));
        // RED in week 2, clear in 3, RED in 4, clear in 5: never two clear weeks in a row.
        assertEquals(AlertDecision.Kind.UPDATE, AlertLifecycle.decide(weeks("..R."), live, 2).kind());
        assertEquals(AlertDecision.Kind.UPDATE, AlertLifecycle.decide(weeks("..R.R"), live, 2).kind());
        assertEquals(AlertDecision.Kind.UPDATE, AlertLifecycle.decide(weeks("..R.R."), live, 2).kind());
    }

    @Test
    void resolvesAfterTheConfiguredNumberOfClearWeeks() {
        final LiveAlert live = live(Severity.WARNING, W0.plusWeeks(2));
        assertEquals(AlertDecision.Kind.UPDATE, AlertLifecycle.decide(weeks("..R."), live, 2).kind());
        final AlertDecision resolved = AlertLifecycle.decide(weeks("..R.."), live, 2);
        assertEquals(AlertDecision.Kind.RESOLVE, resolved.kind());
        assertEquals("resolved: clear for 2 weeks", resolved.reason());
        assertEquals(AlertDecision.Kind.UPDATE, AlertLifecycle.decide(weeks("..R.."), live, 3).kind());
    }

    @Test
    void theAlertRemembersItsLastActiveWeekBeyondTheWindow() {
        // The window no longer shows the active week, but the alert does: one clear week since is not enough.
        final LiveAlert live = live(Severity.WARNING, W0.plusWeeks(3));
        assertEquals(AlertDecision.Kind.UPDATE, AlertLifecycle.decide(weeks(".....", 4), live, 2).kind());
        assertEquals(AlertDecision.Kind.RESOLVE, AlertLifecycle.decide(weeks("......", 4), live, 2).kind());
    }

    @Test
    void anAlertThatLateFiguresNoLongerSupportIsWithdrawn() {
        // Raised by week 2 while its events were still arriving; now every week of the window is on plan.
        final AlertDecision withdrawn = AlertLifecycle.decide(weeks("...."), live(Severity.CRITICAL, W0.plusWeeks(2)), 2);
        assertEquals(AlertDecision.Kind.RESOLVE, withdrawn.kind());
        assertEquals("withdrawn: with later or corrected figures, no week since 2025-W38 meets the condition",
                withdrawn.reason());
        // A projection is judged as it stands, not week by week: it keeps waiting for clear weeks.
        final AlertKey projection = new AlertKey(AlertCondition.PROJECTION, "u1", "o1", "first_visits");
        final LiveAlert live = new LiveAlert(2, projection, AlertState.OPEN, Severity.WARNING, W0, W0, W0, 1);
        final ConditionPoint clear = new ConditionPoint(projection, W0.plusWeeks(1), false, Severity.WARNING, null,
                                                        null, "on track");
        assertEquals(AlertDecision.Kind.UPDATE, AlertLifecycle.decide(List.of(clear), live, 2).kind());
    }

    @Test
    void severityOnlyRisesWhileTheAlertIsLive() {
        final LiveAlert warning = live(Severity.WARNING, W0);
        final AlertDecision escalated = AlertLifecycle.decide(weeks("RC"), warning, 2);
        assertEquals(AlertDecision.Kind.ESCALATE, escalated.kind());
        assertEquals(Severity.CRITICAL, escalated.severity());

        final LiveAlert critical = live(Severity.CRITICAL, W0.plusWeeks(1));
        final AlertDecision calmer = AlertLifecycle.decide(weeks("RCR"), critical, 2);
        assertEquals(AlertDecision.Kind.UPDATE, calmer.kind());
        assertEquals(Severity.CRITICAL, calmer.severity());
    }

    @Test
    void aDecisionTakenTwiceOpensOnce() {
        final AlertDecision first = AlertLifecycle.decide(weeks("R"), null, 2);
        assertEquals(AlertDecision.Kind.OPEN, first.kind());
        final LiveAlert stored = live(first.severity(), first.lastActivePeriod());
        assertEquals(AlertDecision.Kind.UPDATE, AlertLifecycle.decide(weeks("R"), stored, 2).kind());
    }

    private static LiveAlert live(final Severity severity, final LocalDate lastActive) {
        return new LiveAlert(1, KEY, AlertState.OPEN, severity, lastActive, lastActive, lastActive, 1);
    }

    /** One character per week from W0: '.' clear, 'R' active WARNING, 'C' active CRITICAL. */
    private static List<ConditionPoint> weeks(final String pattern) {
        return weeks(pattern, 0);
    }

    private static List<ConditionPoint> weeks(final String pattern, final int firstShown) {
        final List<ConditionPoint> points = new ArrayList<>();
        for (int i = firstShown; i < pattern.length(); i++) {
            final char c = pattern.charAt(i);
            points.add(new ConditionPoint(KEY, W0.plusWeeks(i), c != '.',
                    c == 'C' ? Severity.CRITICAL : Severity.WARNING, null, null, "week " + i));
        }
        return points;
    }
}
