package se.pks.stream.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One change of an alert as published on the alerts topic ({@code <application id>.alerts.v1}) (key: alertKey, so a
 * compacted topic keeps each condition's latest state). Consumers de-duplicate on (alertId, version): the topic is
 * written at least once.
 */
public record AlertChange(long alertId, String alertKey, int version, String condition, String unitId,
                          String organisationId, String subject, String severity, String state, String reason,
                          LocalDate firstPeriod, LocalDate lastActivePeriod, Double value, Double threshold,
                          String summary, Instant changedAt, String changedBy) {
}
