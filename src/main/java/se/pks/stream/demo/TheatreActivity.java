package se.pks.stream.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.SplittableRandom;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.OperationPriority;

/**
 * A surgical unit: elective operations on weekdays in theatre hours, each taking someone off the treatment
 * waiting list, and acute operations at any hour of any day.
 */
final class TheatreActivity implements UnitActivity {

    private static final LocalTime FIRST_INCISION = LocalTime.of(7, 30);
    private static final LocalTime LAST_INCISION = LocalTime.of(15, 30);
    private static final LocalTime LAST_ACUTE_START = LocalTime.of(23, 55);
    private static final double SHORTEST_HOURS = 0.5;
    private static final double LONGEST_HOURS = 4.0;
    private static final double DURATION_SPREAD = 0.35;
    private static final int MINUTES_GRID = 5;

    private final UnitProfile.Surgical theatre;
    private final DailyPlan plan;
    private final EventFeed feed;
    private final SplittableRandom random;
    private final WaitingList waitingList;

    TheatreActivity(final DemoUnit unit, final UnitProfile.Surgical theatre, final DailyPlan plan,
            final EventFeed feed, final SplittableRandom random) {
        this.theatre = theatre;
        this.plan = plan;
        this.feed = feed;
        this.random = random;
        this.waitingList = new WaitingList(unit, GuaranteeType.TREATMENT, feed, random);
    }

    @Override
    public void start(final LocalDate firstDay) {
        waitingList.seedBacklog(firstDay, plan.initialWaiting(theatre));
    }

    @Override
    public void day(final LocalDate day, final double performance) {
        for (int i = Draws.poisson(random, plan.electiveOperations(theatre, day) * performance); i > 0; i--) {
            final Instant start = feed.timeOn(day, FIRST_INCISION, LAST_INCISION);
            if (operate(start, OperationPriority.ELECTIVE)) {
                waitingList.performed(start);
            }
        }
        for (int i = Draws.poisson(random, plan.acuteOperations(theatre)); i > 0; i--) {
            operate(feed.timeOn(day, LocalTime.MIDNIGHT, LAST_ACUTE_START), OperationPriority.ACUTE);
        }
        waitingList.closeDay(day, plan.referrals(theatre, day));
    }

    /** An operation still running at the demo's last moment has not been reported yet. */
    private boolean operate(final Instant start, final OperationPriority priority) {
        final Instant end = start.plus(duration());
        if (!feed.canSend(end)) {
            return false;
        }
        feed.operation(start, end, priority);
        return true;
    }

    private Duration duration() {
        final double hours = Math.clamp(Draws.logNormal(random, theatre.meanHours(), DURATION_SPREAD),
                SHORTEST_HOURS, LONGEST_HOURS);
        return Duration.ofMinutes(Math.round(hours * 60.0 / MINUTES_GRID) * MINUTES_GRID);
    }
}
