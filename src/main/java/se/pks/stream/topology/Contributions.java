package se.pks.stream.topology;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import se.pks.stream.model.Discharge;
import se.pks.stream.model.Operation;
import se.pks.stream.model.Visit;

/** What a single self-contained event adds to the figures, on the local day it belongs to. */
final class Contributions {

    private Contributions() {
    }

    static LocalDate localDay(final Instant instant, final ZoneId zone) {
        return instant.atZone(zone).toLocalDate();
    }

    static List<Contribution> of(final Visit visit, final ZoneId zone) {
        final Component component = switch (visit.visitType()) {
            case FIRST -> Component.VISITS_FIRST;
            case RETURN -> Component.VISITS_RETURN;
            case EMERGENCY -> Component.VISITS_EMERGENCY;
        };
        return List.of(new Contribution(localDay(visit.header().occurredAt(), zone), component, 1));
    }

    /** An operation counts in full in the period it started in, hours included. */
    static List<Contribution> of(final Operation operation, final ZoneId zone) {
        final LocalDate day = localDay(operation.startedAt(), zone);
        return List.of(
                new Contribution(day, Component.OPERATIONS, 1),
                new Contribution(day, Component.OPERATION_SECONDS, operation.durationSeconds()));
    }

    /** Length of stay is counted in calendar days: local discharge date minus local admission date. */
    static List<Contribution> of(final Discharge discharge, final ZoneId zone) {
        final LocalDate discharged = localDay(discharge.dischargedAt(), zone);
        final LocalDate admitted = localDay(discharge.admittedAt(), zone);
        return List.of(
                new Contribution(discharged, Component.DISCHARGES, 1),
                new Contribution(discharged, Component.LENGTH_OF_STAY_DAYS, ChronoUnit.DAYS.between(admitted, discharged)));
    }
}
