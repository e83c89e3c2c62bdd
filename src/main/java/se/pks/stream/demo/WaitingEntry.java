package se.pks.stream.demo;

import java.time.LocalDate;

/** A patient on a demo waiting list, known only by the provider's pseudonymous referral id. */
record WaitingEntry(String referralId, LocalDate waitingSince, LocalDate medicalTargetDate, boolean patientChosenWait) {
}
