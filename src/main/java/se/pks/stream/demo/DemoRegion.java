package se.pks.stream.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Plan;
import se.pks.stream.topics.JsonSerde;
import se.pks.stream.topics.Topics;

/**
 * A generated demo region: its unit register, its production calendar, its plans and the providers' events (already in contract JSON,
 * sorted by the time they were sent).
 */
public record DemoRegion(List<CareUnit> units, List<CalendarWeek> calendar, List<Plan> plans, List<DemoRecord> events) {

    /**
     * How long before the first event the register and the plans are sent. Kafka Streams picks the record with the
     * lowest timestamp first among a task's inputs, so reference data must be older than every event to be joined.
     */
    private static final Duration REGISTERED_BEFORE_FIRST_EVENT = Duration.ofDays(1);

    public DemoRegion {
        units = List.copyOf(units);
        calendar = List.copyOf(calendar);
        plans = List.copyOf(plans);
        events = List.copyOf(events);
    }

    /**
     * Every record in the order it should be produced: the register first, then the plans, then the events, so
     * that a unit and its plans are known before the first event that refers to them.
     */
    public List<DemoRecord> records() {
        final Instant registeredAt = registeredAt();
        final List<DemoRecord> records = new ArrayList<>(units.size() + calendar.size() + plans.size() + events.size());
        for (final CareUnit unit : units) {
            records.add(new DemoRecord(Topics.UNITS.name(), unit.unitId(), json(unit), registeredAt));
        }
        for (final CalendarWeek week : calendar) {
            records.add(new DemoRecord(Topics.CALENDAR.name(), week.key(), json(week), registeredAt));
        }
        for (final Plan plan : plans) {
            records.add(new DemoRecord(Topics.PLANS.name(), plan.key(), json(plan), registeredAt));
        }
        records.addAll(events);
        return records;
    }

    private Instant registeredAt() {
        final Instant firstEvent = events.isEmpty() ? Instant.EPOCH : events.getFirst().receivedAt();
        return firstEvent.minus(REGISTERED_BEFORE_FIRST_EVENT);
    }

    private static String json(final Object value) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(value);
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
