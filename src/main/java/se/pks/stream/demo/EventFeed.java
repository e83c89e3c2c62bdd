package se.pks.stream.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import se.pks.stream.model.BedOccupancyType;
import se.pks.stream.model.ContactMode;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.OperationPriority;
import se.pks.stream.model.RemovalReason;
import se.pks.stream.model.VisitType;
import se.pks.stream.model.WaitingListAction;

/**
 * One unit's event feed as its provider sends it: numbers the events, writes them in contract JSON and sends each
 * some minutes to a day after it was completed (never after the demo's last moment).
 */
final class EventFeed {

    private static final int GRID_MINUTES = 5;
    private static final double PROMPT_SHARE = 0.75;

    private final DemoUnit unit;
    private final SplittableRandom random;
    private final Instant lastMoment;
    private final List<EventDraft> drafts = new ArrayList<>();
    private int sequence;

    EventFeed(final DemoUnit unit, final SplittableRandom random, final Instant lastMoment) {
        this.unit = unit;
        this.random = random;
        this.lastMoment = lastMoment;
    }

    /** A time on {@code day} in [from, until), on a five-minute grid as booking systems have it. */
    Instant timeOn(final LocalDate day, final LocalTime from, final LocalTime until) {
        final int slots = (until.toSecondOfDay() - from.toSecondOfDay()) / 60 / GRID_MINUTES;
        final LocalTime time = from.plusMinutes((long) random.nextInt(slots) * GRID_MINUTES);
        return day.atTime(time).atZone(ProductionCalendar.ZONE).toInstant();
    }

    /** Whether an event completed at {@code done} can still be sent within the demo. */
    boolean canSend(final Instant done) {
        return !done.isAfter(lastMoment);
    }

    void visit(final Instant at, final VisitType type, final ContactMode mode) {
        final ObjectNode body = header(at);
        body.put("visitType", type.name());
        if (mode != null) {
            body.put("contactMode", mode.name());
        }
        add(EventKind.VISIT, body, at, at);
    }

    void operation(final Instant startedAt, final Instant endedAt, final OperationPriority priority) {
        final ObjectNode body = header(startedAt);
        body.put("startedAt", ContractJson.time(startedAt));
        body.put("endedAt", ContractJson.time(endedAt));
        body.put("priority", priority.name());
        add(EventKind.OPERATION, body, startedAt, endedAt);
    }

    void census(final Instant at, final int staffedBeds, final int occupiedBeds) {
        final ObjectNode body = header(at);
        body.put("type", BedOccupancyType.CENSUS.name());
        body.put("staffedBeds", staffedBeds);
        body.put("occupiedBeds", occupiedBeds);
        add(EventKind.CENSUS, body, at, at);
    }

    void discharge(final Instant admittedAt, final Instant dischargedAt) {
        final ObjectNode body = header(dischargedAt);
        body.put("type", BedOccupancyType.DISCHARGE.name());
        body.put("admittedAt", ContractJson.time(admittedAt));
        body.put("dischargedAt", ContractJson.time(dischargedAt));
        add(EventKind.DISCHARGE, body, dischargedAt, dischargedAt);
    }

    void waitingAdded(final Instant at, final GuaranteeType guarantee, final WaitingEntry entry) {
        add(EventKind.WAITING_ADDED, waitingListBody(at, WaitingListAction.ADDED, guarantee, entry), at, at);
    }

    void waitingRemoved(final Instant at, final GuaranteeType guarantee, final WaitingEntry entry,
            final RemovalReason reason) {
        final ObjectNode body = waitingListBody(at, WaitingListAction.REMOVED, guarantee, entry);
        body.put("removalReason", reason.name());
        add(EventKind.WAITING_REMOVED, body, at, at);
    }

    List<EventDraft> drafts() {
        return drafts;
    }

    private ObjectNode waitingListBody(final Instant at, final WaitingListAction action,
            final GuaranteeType guarantee, final WaitingEntry entry) {
        final ObjectNode body = header(at);
        body.put("referralId", entry.referralId());
        body.put("action", action.name());
        body.put("guarantee", guarantee.name());
        body.put("waitingSince", entry.waitingSince().toString());
        if (entry.medicalTargetDate() != null) {
            body.put("medicalTargetDate", entry.medicalTargetDate().toString());
        }
        if (entry.patientChosenWait()) {
            body.put("patientChosenWait", true);
        }
        return body;
    }

    private ObjectNode header(final Instant occurredAt) {
        sequence++;
        return ContractJson.header(unit.id() + "-e" + sequence, unit, occurredAt);
    }

    private void add(final EventKind kind, final ObjectNode body, final Instant occurredAt, final Instant done) {
        drafts.add(new EventDraft(kind, unit.id(), occurredAt, sendTime(done), body));
    }

    /** Most systems report within two hours; the rest in a nightly or next-day batch. */
    private Instant sendTime(final Instant done) {
        final long delaySeconds = Draws.chance(random, PROMPT_SHARE)
                ? random.nextLong(120, 2 * 3600)
                : random.nextLong(2 * 3600, 24 * 3600);
        final Instant sent = done.plus(Duration.ofSeconds(delaySeconds));
        return sent.isAfter(lastMoment) ? lastMoment : sent;
    }
}
