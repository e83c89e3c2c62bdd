package se.pks.stream.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.RemovalReason;

/**
 * One unit's waiting list, kept as a queue so that removals refer to entries that were really added: care is
 * given roughly in order of waiting, cancellations and transfers hit anyone.
 */
final class WaitingList {

    /**
     * How far back the entries already waiting when the demo starts were referred: as long as the backlog takes to
     * clear, since care is given roughly in order of waiting.
     */
    private static final int BACKLOG_DAYS = (int) Math.round(DailyPlan.BACKLOG_WEEKS * 7);
    /** Care is given to one of this many longest-waiting entries: roughly first come, first served. */
    private static final int ORDER_WINDOW = 15;
    private static final double MEDICAL_TARGET_SHARE = 0.4;
    private static final double PATIENT_CHOSEN_SHARE = 0.03;
    private static final LocalTime OFFICE_OPENS = LocalTime.of(8, 0);
    private static final LocalTime OFFICE_CLOSES = LocalTime.of(16, 30);

    private final DemoUnit unit;
    private final GuaranteeType guarantee;
    private final EventFeed feed;
    private final SplittableRandom random;
    private final List<WaitingEntry> entries = new ArrayList<>();
    private int referrals;

    WaitingList(final DemoUnit unit, final GuaranteeType guarantee, final EventFeed feed,
            final SplittableRandom random) {
        this.unit = unit;
        this.guarantee = guarantee;
        this.feed = feed;
        this.random = random;
    }

    /** The entries already waiting on the first day, referred over the months before it. */
    void seedBacklog(final LocalDate firstDay, final int size) {
        final int[] daysBack = new int[size];
        for (int i = 0; i < size; i++) {
            daysBack[i] = 1 + random.nextInt(BACKLOG_DAYS);
        }
        Arrays.sort(daysBack);
        for (int i = size - 1; i >= 0; i--) {
            refer(firstDay.minusDays(daysBack[i]));
        }
    }

    /**
     * The office's work at the end of a day: cancellations and transfers among those waiting, then the day's new
     * referrals (after the removals, so that nobody leaves the list on the day they joined it).
     */
    void closeDay(final LocalDate day, final double plannedReferrals) {
        final double referralsToday = plannedReferrals * unit.inflowRatio();
        final int cancelled = Draws.poisson(random, referralsToday * DailyPlan.CANCELLED_SHARE);
        for (int i = 0; i < cancelled; i++) {
            leaves(day, RemovalReason.CANCELLED);
        }
        final int transferred = Draws.poisson(random, referralsToday * DailyPlan.TRANSFERRED_SHARE);
        for (int i = 0; i < transferred; i++) {
            leaves(day, RemovalReason.TRANSFERRED);
        }
        final int referred = Draws.poisson(random, referralsToday);
        for (int i = 0; i < referred; i++) {
            refer(day);
        }
    }

    private void refer(final LocalDate day) {
        referrals++;
        final LocalDate target = Draws.chance(random, MEDICAL_TARGET_SHARE)
                ? day.plusDays(medicalTargetDays()[random.nextInt(3)])
                : null;
        final WaitingEntry entry = new WaitingEntry("ref-" + unit.id() + "-" + referrals, day, target,
                Draws.chance(random, PATIENT_CHOSEN_SHARE));
        entries.add(entry);
        feed.waitingAdded(feed.timeOn(day, OFFICE_OPENS, OFFICE_CLOSES), guarantee, entry);
    }

    /** The care was given at {@code at}; nothing happens if nobody is waiting (a patient from elsewhere). */
    void performed(final Instant at) {
        if (!entries.isEmpty()) {
            remove(random.nextInt(Math.min(entries.size(), ORDER_WINDOW)), at, RemovalReason.PERFORMED);
        }
    }

    private void leaves(final LocalDate day, final RemovalReason reason) {
        if (!entries.isEmpty()) {
            remove(random.nextInt(entries.size()), feed.timeOn(day, OFFICE_OPENS, OFFICE_CLOSES), reason);
        }
    }

    private void remove(final int index, final Instant at, final RemovalReason reason) {
        feed.waitingRemoved(at, guarantee, entries.remove(index), reason);
    }

    private int[] medicalTargetDays() {
        return guarantee == GuaranteeType.FIRST_VISIT ? new int[] {30, 60, 90} : new int[] {60, 90, 180};
    }
}
