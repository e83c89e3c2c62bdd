package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedRecords;
import se.pks.stream.topics.JsonSerde;
import se.pks.stream.topics.Topics;

/**
 * The deviations topic carries what the stream knows about the records behind each figure: the unit's feed counted
 * over the period's days, the days with rejected records and late reporting. Driven through the real topology.
 */
class DeviationDeficienciesTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant ON_TIME = Instant.parse("2025-01-07T12:00:00Z");
    private static final Instant TWO_WEEKS_LATER = Instant.parse("2025-01-21T12:00:00Z");
    private static final String WEEK = "u1|first_visits|TARGET|WEEK|2025-01-06";
    private static final String MONTH = "u1|first_visits|TARGET|MONTH|2025-01-01";

    private FollowUpDriver driver;

    @BeforeEach
    void setUp() {
        driver = new FollowUpDriver(START);
        driver.unit("u1", "prov-a");
        driver.unit("u2", "prov-a");
        driver.send(Topics.PLANS, WEEK, Events.plan("u1", "first_visits", "TARGET", "WEEK", "2025-01-06", 4), ON_TIME);
        driver.send(Topics.PLANS, MONTH, Events.plan("u1", "first_visits", "TARGET", "MONTH", "2025-01-01", 20),
                ON_TIME);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aWeeksDeviationCountsItsRecordsAndListsTheRejectedDayAndTheLateReporting() {
        // Tue 7 Jan: a visit on time. Wed 8 Jan: a visit registered two weeks later (visits may take 3 days).
        // Thu 9 Jan: a visit without its visitType, rejected. Mon 13 Jan (the next week): a visit on time. u2's
        // visit the same week is another unit's.
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), ON_TIME);
        driver.send(Topics.VISITS, "u1", Events.visit("e2", "u1", "2025-01-08T10:00:00+01:00", "FIRST"),
                TWO_WEEKS_LATER);
        driver.send(Topics.VISITS, "u1", """
                {"eventId":"x1","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-09T14:00:00+01:00"}""",
                TWO_WEEKS_LATER);
        driver.send(Topics.VISITS, "u1", Events.visit("e3", "u1", "2025-01-13T10:00:00+01:00", "FIRST"),
                Instant.parse("2025-01-13T12:00:00Z"));
        driver.send(Topics.VISITS, "u2", Events.visit("f1", "u2", "2025-01-07T10:00:00+01:00", "FIRST"), ON_TIME);
        driver.flush();

        // The week of 6 Jan: 3 records received (e1, e2, x1), 2 accepted of which 1 late, 1 rejected. Late share
        // 1 / 2 = 0.5 > 0.1: late reporting. Actual 2 first visits against 4.
        final Deviation week = driver.deviation(WEEK);
        assertEquals(2.0, week.actual());
        assertEquals(new FeedRecords(Feed.VISITS, 3, 2, 1, 1, 0, 0), week.feedRecords());
        assertEquals(List.of("REJECTED 2025-01-09 VISITS", "LATE_REPORTING 2025-01-06 VISITS"), week.deficiencies());
        assertEquals(2, week.deficiencyCount());
        // January adds e3: 4 received, 3 accepted, 1 late; 1 / 3 = 0.33 > 0.1, still late reporting.
        final Deviation month = driver.deviation(MONTH);
        assertEquals(new FeedRecords(Feed.VISITS, 4, 3, 1, 1, 0, 0), month.feedRecords());
        assertEquals(List.of("REJECTED 2025-01-09 VISITS", "LATE_REPORTING 2025-01-01 VISITS"), month.deficiencies());
    }

    @Test
    void aPeriodReportedOnTimeWithoutRejectionsHasNoDeficiencies() {
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), ON_TIME);
        driver.flush();

        final Deviation week = driver.deviation(WEEK);
        assertEquals(new FeedRecords(Feed.VISITS, 1, 1, 0, 0, 0, 0), week.feedRecords());
        assertEquals(List.of(), week.deficiencies());
        assertEquals(0, week.deficiencyCount());
    }

    @Test
    void aRejectionAloneRepublishesTheDeviationsOfItsPeriods() {
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), ON_TIME);
        driver.flush();
        assertEquals(List.of(), driver.deviation(WEEK).deficiencies());

        // A record for Thu 9 Jan without its visitType: no figure changes, but the week and January now hold a day
        // with a rejected record. 2 received, 1 accepted, 1 rejected.
        driver.send(Topics.VISITS, "u1", """
                {"eventId":"x1","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-09T14:00:00+01:00"}""",
                ON_TIME);
        driver.flush();
        assertEquals(1.0, driver.deviation(WEEK).actual());
        assertEquals(new FeedRecords(Feed.VISITS, 2, 1, 0, 1, 0, 0), driver.deviation(WEEK).feedRecords());
        assertEquals(List.of("REJECTED 2025-01-09 VISITS"), driver.deviation(WEEK).deficiencies());
        assertEquals(List.of("REJECTED 2025-01-09 VISITS"), driver.deviation(MONTH).deficiencies());
    }

    @Test
    void anAcceptedRecordRepublishesOnlyTheDeviationsWhoseFiguresItChanges() {
        driver.send(Topics.PLANS, "u1|return_visits|TARGET|WEEK|2025-01-06",
                Events.plan("u1", "return_visits", "TARGET", "WEEK", "2025-01-06", 2), ON_TIME);
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), ON_TIME);
        driver.flush();
        // A second first visit the same week: the first-visits deviation is republished with 2 records, the
        // return-visits one (0 against 2, unchanged) keeps the count of its last publication, 1.
        driver.send(Topics.VISITS, "u1", Events.visit("e2", "u1", "2025-01-08T10:00:00+01:00", "FIRST"), ON_TIME);
        driver.flush();
        assertEquals(2, driver.deviation(WEEK).feedRecords().accepted());
        assertEquals(1, driver.deviation("u1|return_visits|TARGET|WEEK|2025-01-06").feedRecords().accepted());
    }

    @Test
    void theRecordStaysValidForTheV1SchemaAndAnOlderRecordStillReads() throws IOException {
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), ON_TIME);
        driver.flush();
        final JsonNode published = JsonSerde.MAPPER.valueToTree(driver.deviation(WEEK));
        final JsonNode schema = JsonSerde.MAPPER.readTree(Path.of("kafka", "schemas", "deviation.v1.json").toFile());
        assertEquals(Set.of(), JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema)
                .validate(published));
        assertEquals(1, published.get("feedRecords").get("accepted").asInt());

        // A record written before the deficiencies existed reads as a deviation that knows none of them.
        final Deviation older = JsonSerde.MAPPER.readValue("""
                {"granularity":"WEEK","periodStart":"2025-03-03","unitId":"u1","measure":"first_visits",
                 "planKind":"TARGET","actual":112.0,"expected":120.0,"deviation":-8.0,"deviationPct":-6.67}""",
                Deviation.class);
        assertNull(older.feedRecords());
        assertNull(older.deficiencies());
        // and one without them is written as before, without the fields
        assertFalse(JsonSerde.MAPPER.writeValueAsString(older).contains("deficienc"));
    }
}
