package se.pks.stream.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import se.pks.stream.model.BedOccupancyType;

/**
 * Registration errors as real feeds make them, so that the data-quality follow-up has something to show: two records
 * the stream rejects (a census with the digits of its bed counts swapped, a visit sent without its visit type) and one
 * it must accept but flags as implausible (a discharge whose admission year was typed a century early). They happen on
 * the Tuesday four weeks before the demo's last day, are sent an hour later and never corrected. A demo that starts
 * after that day has none, so short slices of the region keep only valid records.
 */
final class ProviderMistakes {

    private static final int WEEKS_BEFORE_LAST_DAY = 4;
    private static final Duration SENT_AFTER = Duration.ofHours(1);
    private static final int CENTURY_YEARS = 100;

    private ProviderMistakes() {
    }

    static List<EventDraft> in(final List<DemoUnit> units, final LocalDate firstDay, final LocalDate lastDay) {
        final LocalDate day = lastDay.minusWeeks(WEEKS_BEFORE_LAST_DAY)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.TUESDAY));
        if (day.isBefore(firstDay)) {
            return List.of();
        }
        final Instant morning = at(day, LocalTime.of(10, 0));
        final Instant noon = at(day, LocalTime.of(12, 0));
        final Instant afternoon = at(day, LocalTime.of(14, 0));

        final DemoUnit ward = unit(units, "sus-kir-avd");
        final ObjectNode census = ContractJson.header(ward.id() + "-m1", ward, noon);
        census.put("type", BedOccupancyType.CENSUS.name());
        census.put("staffedBeds", 24);
        census.put("occupiedBeds", 42);

        final DemoUnit clinic = unit(units, "sus-hud-mott");
        final ObjectNode visit = ContractJson.header(clinic.id() + "-m1", clinic, morning);

        final DemoUnit geriatric = unit(units, "sus-ger-avd");
        final ObjectNode discharge = ContractJson.header(geriatric.id() + "-m1", geriatric, afternoon);
        discharge.put("type", BedOccupancyType.DISCHARGE.name());
        discharge.put("admittedAt", ContractJson.time(
                afternoon.atZone(ProductionCalendar.ZONE).minusYears(CENTURY_YEARS).minusDays(6).toInstant()));
        discharge.put("dischargedAt", ContractJson.time(afternoon));

        return List.of(draft(EventKind.CENSUS, ward, noon, census), draft(EventKind.VISIT, clinic, morning, visit),
                draft(EventKind.DISCHARGE, geriatric, afternoon, discharge));
    }

    private static EventDraft draft(final EventKind kind, final DemoUnit unit, final Instant occurredAt,
            final ObjectNode body) {
        return new EventDraft(kind, unit.id(), occurredAt, occurredAt.plus(SENT_AFTER), body);
    }

    private static Instant at(final LocalDate day, final LocalTime time) {
        return day.atTime(time).atZone(ProductionCalendar.ZONE).toInstant();
    }

    private static DemoUnit unit(final List<DemoUnit> units, final String id) {
        return units.stream().filter(unit -> unit.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no demo unit " + id));
    }
}
