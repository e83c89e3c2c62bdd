package se.pks.stream.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import se.pks.stream.model.RemovalReason;
import se.pks.stream.model.VisitType;

/**
 * The data-quality story of the demo: what real feeds do to otherwise good events. About 1% arrive weeks late,
 * 1% are corrected later (the same eventId with changed content), 0.3% are deleted later and 0.5% are sent twice.
 * Every record here stays valid: the demo shows how the product copes. The few wrong records come from
 * {@link ProviderMistakes}.
 */
final class DataQualityNoise {

    private static final double LATE = 0.01;
    private static final double CORRECTED = 0.01;
    /** Of the kinds that may be deleted, about three quarters of all events: 0.3% overall. */
    private static final double DELETED = 0.004;
    private static final double DUPLICATED = 0.005;
    private static final long WEEK_SECONDS = 7L * 24 * 3600;
    private static final Duration LONGEST_OPERATION = Duration.ofHours(4);
    /** Stays longer than this are shortened by a correction, so that none exceeds twelve days. */
    private static final long LONG_STAY_HOURS = 12 * 24 - 8;

    private final SplittableRandom random;
    private final Instant lastMoment;

    DataQualityNoise(final SplittableRandom random, final Instant lastMoment) {
        this.random = random;
        this.lastMoment = lastMoment;
    }

    /** The events as sent: each original, possibly late, followed by its later correction, deletion or resend. */
    List<EventDraft> apply(final List<EventDraft> events) {
        final List<EventDraft> sent = new ArrayList<>(events.size() + events.size() / 20);
        for (final EventDraft event : events) {
            final EventDraft original = Draws.chance(random, LATE)
                    ? event.sentAt(clamp(event.occurredAt().plusSeconds(random.nextLong(WEEK_SECONDS, 6 * WEEK_SECONDS))))
                    : event;
            sent.add(original);
            final double draw = random.nextDouble();
            if (draw < CORRECTED) {
                sent.add(original.resent(corrected(original), later(original, Duration.ofDays(14))));
            } else if (draw < CORRECTED + DELETED) {
                if (isDeletable(original.kind())) {
                    sent.add(original.resent(ContractJson.deletion(original.body()),
                            later(original, Duration.ofDays(14))));
                }
            } else if (draw < CORRECTED + DELETED + DUPLICATED) {
                sent.add(original.sentAt(later(original, Duration.ofHours(6))));
            }
        }
        return sent;
    }

    /**
     * Waiting-list events and censuses are corrected but never deleted here: a deleted addition would leave its
     * later removal without an entry, a deleted census a gap that the demo does not mean to show, and a deleted
     * removal would put the entry back on the list for good (the demo has nobody to remove it again), a patient
     * waiting for ever who pushes the list's mean wait and pressure up year after year.
     */
    private static boolean isDeletable(final EventKind kind) {
        return kind != EventKind.WAITING_ADDED && kind != EventKind.WAITING_REMOVED && kind != EventKind.CENSUS;
    }

    /** A plausible correction of each kind: what registrations typically get wrong and fix later. */
    private ObjectNode corrected(final EventDraft event) {
        final ObjectNode body = event.body().deepCopy();
        switch (event.kind()) {
            case VISIT -> body.put("visitType", otherVisitType(VisitType.valueOf(body.get("visitType").asText())).name());
            case OPERATION -> {
                // the end time was off by minutes; the corrected operation still lasts half an hour to four hours
                final Instant ended = instant(body, "endedAt");
                final Duration shift = Duration.ofMinutes(5L * (1 + random.nextInt(9)));
                final boolean longOperation =
                        Duration.between(event.occurredAt(), ended).plus(shift).compareTo(LONGEST_OPERATION) > 0;
                body.put("endedAt", ContractJson.time(longOperation ? ended.minus(shift) : ended.plus(shift)));
            }
            case CENSUS -> {
                final int staffed = body.get("staffedBeds").asInt();
                final int occupied = body.get("occupiedBeds").asInt();
                body.put("occupiedBeds", occupied > 0 ? occupied - 1 : Math.min(staffed, 1));
            }
            case DISCHARGE -> {
                // the admission time was off by hours; the corrected stay still lies within one to twelve days
                final Instant admitted = instant(body, "admittedAt");
                final Duration shift = Duration.ofHours(1 + random.nextInt(3));
                final boolean longStay = Duration.between(admitted, event.occurredAt()).toHours() > LONG_STAY_HOURS;
                body.put("admittedAt", ContractJson.time(longStay ? admitted.plus(shift) : admitted.minus(shift)));
            }
            case WAITING_ADDED -> {
                final LocalDate since = LocalDate.parse(body.get("waitingSince").asText());
                body.put("medicalTargetDate", since.plusDays(body.has("medicalTargetDate") ? 120 : 60).toString());
            }
            case WAITING_REMOVED -> body.put("removalReason",
                    otherReason(RemovalReason.valueOf(body.get("removalReason").asText())).name());
        }
        return body;
    }

    private static VisitType otherVisitType(final VisitType type) {
        return switch (type) {
            case FIRST -> VisitType.RETURN;
            case RETURN, EMERGENCY -> VisitType.FIRST;
        };
    }

    private static RemovalReason otherReason(final RemovalReason reason) {
        return switch (reason) {
            case PERFORMED -> RemovalReason.TRANSFERRED;
            case CANCELLED -> RemovalReason.PERFORMED;
            case TRANSFERRED -> RemovalReason.CANCELLED;
        };
    }

    private Instant later(final EventDraft event, final Duration within) {
        return clamp(event.receivedAt().plusSeconds(random.nextLong(60, within.toSeconds())));
    }

    private Instant clamp(final Instant sent) {
        return sent.isAfter(lastMoment) ? lastMoment : sent;
    }

    private static Instant instant(final ObjectNode body, final String field) {
        return OffsetDateTime.parse(body.get(field).asText()).toInstant();
    }
}
