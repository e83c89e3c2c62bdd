package se.pks.stream.alerts;

import java.time.LocalDate;

/** The part of a stored, not yet resolved alert that its next evaluation needs. */
public record LiveAlert(long alertId, AlertKey key, AlertState state, Severity severity, LocalDate firstPeriod,
                        LocalDate lastActivePeriod, LocalDate lastPeriod, int version) {
}
