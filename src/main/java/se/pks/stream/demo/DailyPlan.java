package se.pks.stream.demo;

import java.time.LocalDate;

/**
 * What the plan expects of a unit on one day, before the unit's own performance is applied. The weekly and
 * monthly plan rows are sums of these, and the events are drawn around them, so the figures and the plans agree
 * except where a unit's story says otherwise.
 */
final class DailyPlan {

    /** Referrals keep coming in low-production weeks, only somewhat fewer: this much of the production dip. */
    private static final double INFLOW_DIP = 0.4;
    /** Beds are closed in low-production weeks, but acute care goes on: this much of the production dip. */
    private static final double BED_DIP = 0.5;
    /** Discharges fall on weekdays more than on weekends; the seven shares add up to 1. */
    private static final double WEEKDAY_DISCHARGES = 1.1 / 7;
    private static final double WEEKEND_DISCHARGES = 0.75 / 7;
    /**
     * Entries waiting when the demo starts, in weeks of planned removals: a little above the target queue size of a
     * 90-day guarantee (90 / 7 / 4 = 3.2 weeks of demand, docs/status-projection-queues.md) and well below twice it,
     * so that a unit at plan keeps its guarantee and only a story (production below plan, referrals above forecast)
     * makes its list too big. With 8 weeks every list was too big from the first day, and units at plan had queue
     * alerts. (At plan a list shrinks slowly: some of the referrals are cancelled or transferred.)
     */
    static final double BACKLOG_WEEKS = 4.0;
    /** Entries that leave a waiting list without being performed, as shares of the referrals. */
    static final double CANCELLED_SHARE = 0.06;
    static final double TRANSFERRED_SHARE = 0.02;

    private final double scale;

    DailyPlan(final double scale) {
        this.scale = scale;
    }

    double firstVisits(final UnitProfile.Outpatient clinic, final LocalDate day) {
        return scale * clinic.firstVisitsPerWeek() * ProductionCalendar.weekFactor(day)
                * ProductionCalendar.electiveShare(day, true);
    }

    /** Emergency visits are not planned work: the same every day of the year. */
    double emergencyVisits(final UnitProfile.Outpatient clinic) {
        return scale * clinic.firstVisitsPerWeek() * clinic.emergenciesPerFirst() / 7.0;
    }

    double electiveOperations(final UnitProfile.Surgical theatre, final LocalDate day) {
        return scale * theatre.operationsPerWeek() * (1.0 - theatre.acuteShare()) * ProductionCalendar.weekFactor(day)
                * ProductionCalendar.electiveShare(day, false);
    }

    /** Acute operations come every day of the year at the same rate. */
    double acuteOperations(final UnitProfile.Surgical theatre) {
        return scale * theatre.operationsPerWeek() * theatre.acuteShare() / 7.0;
    }

    double operations(final UnitProfile.Surgical theatre, final LocalDate day) {
        return electiveOperations(theatre, day) + acuteOperations(theatre);
    }

    double operationHours(final UnitProfile.Surgical theatre, final LocalDate day) {
        return operations(theatre, day) * theatre.meanHours();
    }

    double staffedBeds(final UnitProfile.Ward ward, final LocalDate day) {
        return ward.staffedBeds() * (1.0 - BED_DIP * (1.0 - ProductionCalendar.weekFactor(day)));
    }

    /** Little's law: occupied beds / mean stay = discharges per day. */
    double discharges(final UnitProfile.Ward ward, final LocalDate day) {
        final boolean weekend = day.getDayOfWeek().getValue() >= 6;
        return scale * staffedBeds(ward, day) * ward.occupancy() / ward.meanStayDays() * 7.0
                * (weekend ? WEEKEND_DISCHARGES : WEEKDAY_DISCHARGES);
    }

    /** Planned additions to the unit's waiting list; wards have none. */
    double referrals(final UnitProfile profile, final LocalDate day) {
        final double dip = 1.0 - INFLOW_DIP * (1.0 - ProductionCalendar.weekFactor(day));
        return scale * waitingListBase(profile) * dip * ProductionCalendar.electiveShare(day, true);
    }

    /** Planned removals from the unit's waiting list because the care was given. */
    double performedFromWaitingList(final UnitProfile profile, final LocalDate day) {
        return switch (profile) {
            case UnitProfile.Outpatient clinic -> firstVisits(clinic, day);
            case UnitProfile.Surgical theatre -> electiveOperations(theatre, day);
            case UnitProfile.Ward ward -> 0.0;
        };
    }

    /** Entries on the waiting list when the demo starts. */
    int initialWaiting(final UnitProfile profile) {
        return (int) Math.round(scale * waitingListBase(profile) * BACKLOG_WEEKS);
    }

    private static double waitingListBase(final UnitProfile profile) {
        return switch (profile) {
            case UnitProfile.Outpatient clinic -> clinic.firstVisitsPerWeek();
            case UnitProfile.Surgical theatre -> theatre.operationsPerWeek() * (1.0 - theatre.acuteShare());
            case UnitProfile.Ward ward -> 0.0;
        };
    }
}
