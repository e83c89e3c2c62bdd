package se.pks.stream.alerts;

/**
 * An alert's identity: one live alert per condition, unit (or organisation, for organisation-wide actions) and
 * subject. The text form is the Kafka key on the alerts topic.
 */
public record AlertKey(AlertCondition condition, String unitId, String organisationId, String subject) {

    public String text() {
        return condition + "|" + (unitId == null ? "org:" + organisationId : unitId) + "|" + subject;
    }
}
