package se.pks.stream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Ownership;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;

class DemoLoaderTest {

    private static final Instant SENT = Instant.parse("2025-03-04T08:20:00Z");

    @Test
    void producesEveryRecordInOrderWithItsSendTimeAsTimestamp() {
        final CareUnit unit = new CareUnit("u1", "Mottagning", "prov-a", "org-a", "Org A", Ownership.PUBLIC, "r1");
        final Plan plan = new Plan("u1", "first_visits", PlanKind.TARGET, Granularity.WEEK,
                LocalDate.of(2025, 3, 3), 12.0);
        final DemoRecord visit = new DemoRecord("pks.visits.v1", "u1", "{\"eventId\":\"e1\"}", SENT);
        final DemoRecord tombstone = new DemoRecord("pks.plans.v1", plan.key(), null, SENT.plusSeconds(60));
        final DemoRegion region = new DemoRegion(List.of(unit), List.of(), List.of(plan), List.of(visit, tombstone));
        final MockProducer<String, String> producer =
                new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());

        final int sent = DemoLoader.load(region, producer);

        final List<ProducerRecord<String, String>> history = producer.history();
        assertEquals(4, sent);
        assertEquals(4, history.size());
        assertTrue(producer.flushed());
        // the register and the plans go first, stamped a day before the first event
        assertEquals("pks.units.v1", history.get(0).topic());
        assertEquals("u1", history.get(0).key());
        assertEquals(SENT.minusSeconds(24 * 3600).toEpochMilli(), history.get(0).timestamp());
        assertEquals("pks.plans.v1", history.get(1).topic());
        assertEquals("u1|first_visits|TARGET|WEEK|2025-03-03", history.get(1).key());
        assertEquals("pks.visits.v1", history.get(2).topic());
        assertEquals(SENT.toEpochMilli(), history.get(2).timestamp());
        assertEquals("{\"eventId\":\"e1\"}", history.get(2).value());
        assertNull(history.get(3).value());
        assertEquals(SENT.toEpochMilli() + 60_000, history.get(3).timestamp());
    }
}
