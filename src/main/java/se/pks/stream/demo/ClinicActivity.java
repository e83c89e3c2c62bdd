package se.pks.stream.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.SplittableRandom;
import se.pks.stream.model.ContactMode;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.VisitType;

/**
 * An outpatient clinic: first visits (each taking someone off the first-visit waiting list), return visits and
 * emergency visits, which come every day at the same rate whatever the plan says.
 */
final class ClinicActivity implements UnitActivity {

    private static final LocalTime OPENS = LocalTime.of(8, 0);
    private static final LocalTime CLOSES = LocalTime.of(16, 30);
    private static final LocalTime EMERGENCIES_FROM = LocalTime.of(7, 0);
    private static final LocalTime EMERGENCIES_UNTIL = LocalTime.of(22, 0);

    private final UnitProfile.Outpatient clinic;
    private final DailyPlan plan;
    private final EventFeed feed;
    private final SplittableRandom random;
    private final WaitingList waitingList;

    ClinicActivity(final DemoUnit unit, final UnitProfile.Outpatient clinic, final DailyPlan plan,
            final EventFeed feed, final SplittableRandom random) {
        this.clinic = clinic;
        this.plan = plan;
        this.feed = feed;
        this.random = random;
        this.waitingList = new WaitingList(unit, GuaranteeType.FIRST_VISIT, feed, random);
    }

    @Override
    public void start(final LocalDate firstDay) {
        waitingList.seedBacklog(firstDay, plan.initialWaiting(clinic));
    }

    @Override
    public void day(final LocalDate day, final double performance) {
        final double firstVisits = plan.firstVisits(clinic, day) * performance;
        for (int i = Draws.poisson(random, firstVisits); i > 0; i--) {
            final Instant at = feed.timeOn(day, OPENS, CLOSES);
            feed.visit(at, VisitType.FIRST, contactMode(0.85, 0.10, 0.03));
            waitingList.performed(at);
        }
        for (int i = Draws.poisson(random, firstVisits * clinic.returnsPerFirst()); i > 0; i--) {
            feed.visit(feed.timeOn(day, OPENS, CLOSES), VisitType.RETURN, contactMode(0.60, 0.25, 0.12));
        }
        for (int i = Draws.poisson(random, plan.emergencyVisits(clinic)); i > 0; i--) {
            feed.visit(feed.timeOn(day, EMERGENCIES_FROM, EMERGENCIES_UNTIL), VisitType.EMERGENCY,
                    ContactMode.IN_PERSON);
        }
        waitingList.closeDay(day, plan.referrals(clinic, day));
    }

    /** The contact mode is optional in the contract: what is left of the shares is sent without one. */
    private ContactMode contactMode(final double inPerson, final double digital, final double phone) {
        final double draw = random.nextDouble();
        if (draw < inPerson) {
            return ContactMode.IN_PERSON;
        }
        if (draw < inPerson + digital) {
            return ContactMode.DIGITAL;
        }
        return draw < inPerson + digital + phone ? ContactMode.PHONE : null;
    }
}
