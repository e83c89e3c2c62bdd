package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.ReceiptHeader;
import se.pks.stream.topics.Topics;

/**
 * Every published measure value says when the newest event behind it arrived (the event's Kafka timestamp), which is
 * what the database sink measures end-to-end latency from.
 */
class ReceiptHeaderTest {

    private static final Instant START = Instant.parse("2025-01-20T12:00:00Z");
    private static final Instant EARLY = Instant.parse("2025-01-20T10:00:00Z");
    private static final Instant LATER = Instant.parse("2025-01-20T11:00:00Z");
    private static final Instant EARLIEST = Instant.parse("2025-01-20T09:00:00Z");

    private FollowUpDriver driver;

    @BeforeEach
    void setUp() {
        driver = new FollowUpDriver(START);
        driver.unit("u1", "prov-a");
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aFigureCarriesTheNewestReceiptSinceItsLastPublication() {
        // Arrival order is not receipt order: the later-received visit comes first.
        driver.send(Topics.VISITS, "u1", Events.visit("v1", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), LATER);
        driver.send(Topics.VISITS, "u1", Events.visit("v2", "u1", "2025-01-08T10:00:00+01:00", "FIRST"), EARLY);
        driver.flush();
        assertEquals(OptionalLong.of(LATER.toEpochMilli()), driver.receipt("WEEK|2025-01-06|u1|first_visits"));
        assertEquals(OptionalLong.of(LATER.toEpochMilli()), driver.receipt("MONTH|2025-01-01|u1|first_visits"));

        // After publication the mark starts afresh: a value changed only by an older event says so.
        driver.send(Topics.VISITS, "u1", Events.visit("v3", "u1", "2025-01-09T10:00:00+01:00", "FIRST"), EARLIEST);
        // Received hours before the wall clock: history, held while it flows, published once a flush brings nothing.
        driver.flush();
        driver.flush();
        assertEquals(3.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
        assertEquals(OptionalLong.of(EARLIEST.toEpochMilli()), driver.receipt("WEEK|2025-01-06|u1|first_visits"));
    }

    @Test
    void waitingListLevelsCarryTheReceiptOfTheChangeThatMovedThem() {
        driver.send(Topics.WAITING_LIST, "u1", Events.added("w1", "u1", "2025-01-14T10:00:00+01:00", "r1"), EARLY);
        driver.flush();
        assertEquals(1.0, driver.value("WEEK", "2025-01-13", "u1", "waiting_count"));
        assertEquals(OptionalLong.of(EARLY.toEpochMilli()), driver.receipt("WEEK|2025-01-13|u1|waiting_count"));
    }
}
