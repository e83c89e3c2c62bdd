package se.pks.stream.topology;

/** Hand-written event JSON in the public v1 contract, so tests read like what a provider sends. */
final class Events {

    private Events() {
    }

    static String visit(final String eventId, final String unit, final String occurredAt, final String visitType) {
        return """
                {"eventId":"%s","providerId":"prov-a","unitId":"%s","occurredAt":"%s","visitType":"%s"}"""
                .formatted(eventId, unit, occurredAt, visitType);
    }

    static String deletion(final String eventId, final String unit, final String occurredAt) {
        return """
                {"eventId":"%s","providerId":"prov-a","unitId":"%s","occurredAt":"%s","deleted":true}"""
                .formatted(eventId, unit, occurredAt);
    }

    static String operation(final String eventId, final String unit, final String startedAt, final String endedAt) {
        return """
                {"eventId":"%s","providerId":"prov-a","unitId":"%s","occurredAt":"%s","startedAt":"%s",\
                "endedAt":"%s","priority":"ELECTIVE"}"""
                .formatted(eventId, unit, startedAt, startedAt, endedAt);
    }

    static String census(final String eventId, final String unit, final String occurredAt, final int staffed,
                         final int occupied) {
        return """
                {"eventId":"%s","providerId":"prov-a","unitId":"%s","occurredAt":"%s","type":"CENSUS",\
                "staffedBeds":%d,"occupiedBeds":%d}"""
                .formatted(eventId, unit, occurredAt, staffed, occupied);
    }

    static String discharge(final String eventId, final String unit, final String admittedAt,
                            final String dischargedAt) {
        return """
                {"eventId":"%s","providerId":"prov-a","unitId":"%s","occurredAt":"%s","type":"DISCHARGE",\
                "admittedAt":"%s","dischargedAt":"%s"}"""
                .formatted(eventId, unit, dischargedAt, admittedAt, dischargedAt);
    }

    static String added(final String eventId, final String unit, final String occurredAt, final String referralId) {
        return """
                {"eventId":"%s","providerId":"prov-a","unitId":"%s","occurredAt":"%s","referralId":"%s",\
                "action":"ADDED","guarantee":"FIRST_VISIT","waitingSince":"%s"}"""
                .formatted(eventId, unit, occurredAt, referralId, occurredAt.substring(0, 10));
    }

    static String removed(final String eventId, final String unit, final String occurredAt, final String referralId) {
        return """
                {"eventId":"%s","providerId":"prov-a","unitId":"%s","occurredAt":"%s","referralId":"%s",\
                "action":"REMOVED","removalReason":"PERFORMED"}"""
                .formatted(eventId, unit, occurredAt, referralId);
    }

    static String plan(final String unit, final String measure, final String planKind, final String granularity,
                       final String periodStart, final double value) {
        return """
                {"unitId":"%s","measure":"%s","planKind":"%s","granularity":"%s","periodStart":"%s","value":%s}"""
                .formatted(unit, measure, planKind, granularity, periodStart, value);
    }

    static String planKey(final String unit, final String measure, final String planKind, final String granularity,
                          final String periodStart) {
        return String.join("|", unit, measure, planKind, granularity, periodStart);
    }
}
