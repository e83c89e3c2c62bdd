package se.pks.stream.model;

import java.time.LocalDate;

/**
 * An entry added to or removed from a waiting list ({@code pks.waiting-list.v1}). {@code referralId} is the
 * provider's pseudonymous id, never a personal identity number. Fields that only one action needs may be null.
 */
public record WaitingListChange(
        EventHeader header,
        String referralId,
        WaitingListAction action,
        GuaranteeType guarantee,
        LocalDate waitingSince,
        LocalDate medicalTargetDate,
        boolean patientChosenWait,
        RemovalReason removalReason) implements ProviderEvent {

    /** Entries are identified per unit, so that a correction moving an entry between units retracts it first. */
    public String entryKey() {
        return header.unitId() + "|" + header.providerId() + "|" + referralId;
    }
}
