package se.pks.stream.topology;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
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

    List<Contribution> contributions(final ZoneId zone) {
        final List<Contribution> parts = new ArrayList<>();
        if (added == null) {
            return parts;
        }
        final LocalDate addedOn = Contributions.localDay(added.header().occurredAt(), zone);
        parts.add(new Contribution(addedOn, Component.REFERRALS_ADDED, 1));
        parts.add(new Contribution(addedOn, Component.WAITING_NET, 1));
        if (removed != null) {
            final LocalDate removedOn = Contributions.localDay(removed.header().occurredAt(), zone);
            // A removal dated before the addition is taken as same-day: the entry never counts as waiting.
            parts.add(new Contribution(removedOn.isBefore(addedOn) ? addedOn : removedOn, Component.WAITING_NET, -1));
        }
        return parts;
    }
}
