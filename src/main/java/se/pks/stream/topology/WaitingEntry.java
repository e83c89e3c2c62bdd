package se.pks.stream.topology;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.WaitingListAction;
import se.pks.stream.model.WaitingListChange;

/**
 * One referral on a unit's waiting list: the event that put it there and the one that took it off, if any.
 * A removal without an addition contributes nothing: the list cannot shrink by an entry it never had.
 */
public record WaitingEntry(WaitingListChange added, WaitingListChange removed) {

    public static WaitingEntry empty() {
        return new WaitingEntry(null, null);
    }

    public WaitingEntry with(final WaitingListChange change) {
        return change.action() == WaitingListAction.ADDED
                ? new WaitingEntry(change, removed)
                : new WaitingEntry(added, change);
    }

    public WaitingEntry without(final WaitingListChange change) {
        final String identity = change.header().identity();
        return new WaitingEntry(
                added != null && added.header().identity().equals(identity) ? null : added,
                removed != null && removed.header().identity().equals(identity) ? null : removed);
    }

    public boolean isEmpty() {
        return added == null && removed == null;
    }

    /**
     * The entry counts as waiting on every day from its addition up to, not including, its removal. Within that
     * span it is over its guarantee limit from the day after waitingSince + limit, and past its medical target from
     * the day after the target date. Patient-chosen waits are on the list but outside the guarantee.
     */
    List<Contribution> contributions(final ZoneId zone, final Map<GuaranteeType, Integer> limitDays) {
        final List<Contribution> parts = new ArrayList<>();
        if (added == null) {
            return parts;
        }
        final LocalDate from = Contributions.localDay(added.header().occurredAt(), zone);
        final LocalDate removedOn = removed == null ? null : Contributions.localDay(removed.header().occurredAt(), zone);
        // A removal dated before the addition is taken as same-day: the entry never counts as waiting.
        final LocalDate until = removedOn == null ? null : removedOn.isBefore(from) ? from : removedOn;
        final boolean firstVisit = added.guarantee() == GuaranteeType.FIRST_VISIT;
        parts.add(new Contribution(from, Component.REFERRALS_ADDED, 1));
        parts.add(new Contribution(from, firstVisit
                ? Component.REFERRALS_ADDED_FIRST_VISIT : Component.REFERRALS_ADDED_TREATMENT, 1));
        if (removedOn != null) {
            parts.add(new Contribution(until, Component.REMOVALS, 1));
            parts.add(new Contribution(until, firstVisit
                    ? Component.REMOVALS_FIRST_VISIT : Component.REMOVALS_TREATMENT, 1));
        }
        final long since = added.waitingSince().toEpochDay();
        span(parts, Component.WAITING, from, until);
        span(parts, Component.WAITING_SINCE_EPOCH_DAYS, from, until, since);
        span(parts, firstVisit ? Component.WAITING_FIRST_VISIT : Component.WAITING_TREATMENT, from, until);
        span(parts, firstVisit ? Component.WAITING_SINCE_EPOCH_DAYS_FIRST_VISIT
                : Component.WAITING_SINCE_EPOCH_DAYS_TREATMENT, from, until, since);
        if (!added.patientChosenWait()) {
            span(parts, Component.WAITING_GUARANTEED, from, until);
            final int limit = limitDays.getOrDefault(added.guarantee(), 90);
            span(parts, Component.WAITING_OVER_LIMIT, later(from, added.waitingSince().plusDays(limit + 1L)), until);
            if (added.medicalTargetDate() != null) {
                span(parts, Component.WAITING_WITH_TARGET_DATE, from, until);
                span(parts, Component.WAITING_PAST_TARGET_DATE,
                        later(from, added.medicalTargetDate().plusDays(1)), until);
            }
        }
        return parts;
    }

    /** +1 from {@code start}, -1 from {@code end}; nothing if the span is empty. */
    private static void span(final List<Contribution> parts, final Component component, final LocalDate start,
                             final LocalDate end) {
        span(parts, component, start, end, 1);
    }

    private static void span(final List<Contribution> parts, final Component component, final LocalDate start,
                             final LocalDate end, final long amount) {
        if (end != null && !start.isBefore(end)) {
            return;
        }
        parts.add(new Contribution(start, component, amount));
        if (end != null) {
            parts.add(new Contribution(end, component, -amount));
        }
    }

    private static LocalDate later(final LocalDate a, final LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
