package se.pks.stream.ingest;

import java.time.Duration;
import java.time.Instant;
import se.pks.stream.model.BedCensus;
import se.pks.stream.model.BedOccupancyType;
import se.pks.stream.model.ContactMode;
import se.pks.stream.model.Discharge;
import se.pks.stream.model.EventHeader;
import se.pks.stream.model.Feed;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.Operation;
import se.pks.stream.model.OperationPriority;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.model.RemovalReason;
import se.pks.stream.model.Visit;
import se.pks.stream.model.VisitType;
import se.pks.stream.model.WaitingListAction;
import se.pks.stream.model.WaitingListChange;

/** The feed-specific part of each event kind of the v1 contract, with the rules that concern its own fields. */
final class EventBodyReader {

    /** Plausibility: no single operation takes a day; such a record is a typo in a date, not a figure. */
    private static final Duration LONGEST_OPERATION = Duration.ofHours(24);

    private EventBodyReader() {
    }

    /** Reads the body of the feed's event kind; null when the fields are wrong (the reader holds the reasons). */
    static ProviderEvent read(final Feed feed, final FieldReader fields, final EventHeader header) {
        return switch (feed) {
            case VISITS -> visit(fields, header);
            case OPERATIONS -> operation(fields, header);
            case BED_OCCUPANCY -> bedOccupancy(fields, header);
            case WAITING_LIST -> waitingList(fields, header);
        };
    }

    private static Visit visit(final FieldReader fields, final EventHeader header) {
        final VisitType type = fields.requiredEnum("visitType", VisitType.class);
        final ContactMode mode = fields.optionalEnum("contactMode", ContactMode.class);
        return type == null ? null : new Visit(header, type, mode);
    }

    private static Operation operation(final FieldReader fields, final EventHeader header) {
        final Instant started = fields.requiredInstant("startedAt");
        final Instant ended = fields.requiredInstant("endedAt");
        final OperationPriority priority = fields.requiredEnum("priority", OperationPriority.class);
        if (started != null && ended != null && !ended.isAfter(started)) {
            fields.reject("endedAt", "must be after startedAt");
        } else if (started != null && ended != null && ended.isAfter(started.plus(LONGEST_OPERATION))) {
            fields.reject("endedAt", "is implausible: an operation of more than " + LONGEST_OPERATION.toHours()
                    + " hours; check startedAt and endedAt");
        }
        if (started != null && header.occurredAt() != null && !started.equals(header.occurredAt())) {
            fields.reject("occurredAt", "must equal startedAt for operations");
        }
        return started == null || ended == null || priority == null ? null
                : new Operation(header, started, ended, priority);
    }

    private static ProviderEvent bedOccupancy(final FieldReader fields, final EventHeader header) {
        final BedOccupancyType type = fields.requiredEnum("type", BedOccupancyType.class);
        if (type == BedOccupancyType.CENSUS) {
            final Integer staffed = fields.requiredNonNegativeInt("staffedBeds");
            final Integer occupied = fields.requiredNonNegativeInt("occupiedBeds");
            if (staffed != null && occupied != null && occupied > staffed) {
                fields.reject("occupiedBeds", "must not exceed staffedBeds (" + occupied + " > " + staffed + ")");
                return null;
            }
            return staffed == null || occupied == null ? null : new BedCensus(header, staffed, occupied);
        }
        if (type == BedOccupancyType.DISCHARGE) {
            final Instant admitted = fields.requiredInstant("admittedAt");
            final Instant discharged = fields.requiredInstant("dischargedAt");
            if (admitted != null && discharged != null && discharged.isBefore(admitted)) {
                fields.reject("dischargedAt", "must not be before admittedAt");
            }
            if (discharged != null && header.occurredAt() != null && !discharged.equals(header.occurredAt())) {
                fields.reject("occurredAt", "must equal dischargedAt for discharges");
            }
            return admitted == null || discharged == null ? null : new Discharge(header, admitted, discharged);
        }
        return null;
    }

    private static WaitingListChange waitingList(final FieldReader fields, final EventHeader header) {
        final String referralId = fields.requiredId("referralId");
        final WaitingListAction action = fields.requiredEnum("action", WaitingListAction.class);
        if (action == null) {
            return null;
        }
        final boolean added = action == WaitingListAction.ADDED;
        final GuaranteeType guarantee = added
                ? fields.requiredEnum("guarantee", GuaranteeType.class)
                : fields.optionalEnum("guarantee", GuaranteeType.class);
        final var waitingSince = added ? fields.requiredDate("waitingSince") : fields.optionalDate("waitingSince");
        final var medicalTargetDate = fields.optionalDate("medicalTargetDate");
        final boolean patientChosenWait = fields.optionalBoolean("patientChosenWait");
        final RemovalReason reason = added
                ? fields.optionalEnum("removalReason", RemovalReason.class)
                : fields.requiredEnum("removalReason", RemovalReason.class);
        if (referralId == null || (added && (guarantee == null || waitingSince == null)) || (!added && reason == null)) {
            return null;
        }
        return new WaitingListChange(header, referralId, action, guarantee, waitingSince, medicalTargetDate,
                patientChosenWait, reason);
    }
}
