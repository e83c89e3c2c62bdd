package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.Topics;

/**
 * Providers bound to their own topics (issue 19): the topic, not the record, decides the provider. Driven through the
 * real topology; the topic names are spelled out here, not taken from the code under test.
 */
class ProviderTopicsTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2025-01-20T12:00:00Z");
    private static final String A_VISITS = "pks.provider.prov-a.visits.v1";
    private static final String B_VISITS = "pks.provider.prov-b.visits.v1";
    private static final String A_REJECTED = "pks-stream-test.provider.prov-a.rejected.v1";
    private static final String B_REJECTED = "pks-stream-test.provider.prov-b.rejected.v1";

    private FollowUpDriver driver;

    @BeforeEach
    void setUp() {
        driver = new FollowUpDriver(START);
        driver.unit("a1", "prov-a");
        driver.unit("b1", "prov-b");
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static String visit(final String eventId, final String provider, final String unit) {
        return """
                {"eventId":"%s","providerId":"%s","unitId":"%s","occurredAt":"2025-01-15T09:00:00Z",\
                "visitType":"FIRST"}""".formatted(eventId, provider, unit);
    }

    @Test
    void aProviderTopicIsReadByPatternAndItsOwnRecordsCount() {
        driver.send(A_VISITS, "a1", visit("e1", "prov-a", "a1"), RECEIVED);
        driver.send(B_VISITS, "b1", visit("e1", "prov-b", "b1"), RECEIVED);
        driver.flush();

        assertEquals(1.0, driver.value("MONTH", "2025-01-01", "a1", "first_visits"));
        assertEquals(1.0, driver.value("MONTH", "2025-01-01", "b1", "first_visits"));
        assertEquals(List.of(), driver.rejections());
        assertEquals(1, driver.feedQuality("prov-a|a1|VISITS|2025-01-15").accepted());
        // Each bound provider reads its own data-quality rows on its own topic, and only those.
        assertEquals(List.of(driver.feedQuality("prov-a|a1|VISITS|2025-01-15")),
                driver.feedQualityRows("pks-stream-test.provider.prov-a.feed-quality.v1"));
        assertEquals(List.of(driver.feedQuality("prov-b|b1|VISITS|2025-01-15")),
                driver.feedQualityRows("pks-stream-test.provider.prov-b.feed-quality.v1"));
    }

    @Test
    void eachKindOfProviderTopicIsReadAsItsFeed() {
        // An operation on the operations topic counts as an operation; a visit sent to it is refused as an operation.
        driver.send("pks.provider.prov-a.operations.v1", "a1", Events.operation("op1", "a1", "2025-01-15T08:00:00Z",
                "2025-01-15T10:00:00Z"), RECEIVED);
        driver.send("pks.provider.prov-a.operations.v1", "a1", visit("v1", "prov-a", "a1"), RECEIVED);
        driver.flush();

        assertEquals(1, driver.feedQuality("prov-a|a1|OPERATIONS|2025-01-15").accepted());
        assertEquals(1, driver.feedQuality("prov-a|a1|OPERATIONS|2025-01-15").rejected());
        assertNull(driver.feedQuality("prov-a|a1|VISITS|2025-01-15"));
        assertEquals(List.of("pks.operations.v1"), driver.counters.rejectedTopics,
                "the metrics name the kind's shared topic, not one series per provider");
    }

    @Test
    void aRecordInAnotherProvidersNameIsRejectedWithTheReasonAndCountedAgainstTheTopicsProvider() {
        // prov-a writes, to its own topic, a visit claiming to be prov-b at prov-b's unit: valid in every other way.
        driver.send(A_VISITS, "b1", visit("forged", "prov-b", "b1"), RECEIVED);
        driver.flush();

        assertNull(driver.value("MONTH", "2025-01-01", "b1", "first_visits"), "nothing reaches prov-b's figures");
        final FieldError reason = new FieldError("providerId", "names provider 'prov-b', but the record was written "
                + "to the topic of provider 'prov-a', whose records must name 'prov-a'");
        final List<Rejection> deployment = driver.rejections();
        assertEquals(1, deployment.size());
        assertEquals(List.of(reason), deployment.getFirst().reasons());
        assertEquals(A_VISITS, deployment.getFirst().topic());
        assertEquals(0L, deployment.getFirst().offset());

        final List<Rejection> providerA = driver.rejections(A_REJECTED);
        assertEquals(deployment, providerA, "prov-a reads the same rejection, with its topic, partition and offset");
        assertEquals(List.of(), driver.rejections(B_REJECTED), "prov-b is told nothing about prov-a's record");

        // The data-quality register counts it against prov-a, who sent it, not prov-b, whom it names.
        final FeedQuality row = driver.feedQuality("prov-a|b1|VISITS|2025-01-15");
        assertEquals(1, row.rejected());
        assertEquals(1L, row.rejectionReasons().get(reason.toString()));
        assertNull(driver.feedQuality("prov-b|b1|VISITS|2025-01-15"));
        assertEquals(List.of(row), driver.feedQualityRows("pks-stream-test.provider.prov-a.feed-quality.v1"));
        assertEquals(List.of(), driver.feedQualityRows("pks-stream-test.provider.prov-b.feed-quality.v1"));
    }

    @Test
    void aContractFaultOnAProviderTopicKeepsItsReasonAfterTheBindingReason() {
        // Names prov-b and has no visitType: both reasons, the binding first.
        driver.send(A_VISITS, "b1", """
                {"eventId":"x","providerId":"prov-b","unitId":"b1","occurredAt":"2025-01-15T09:00:00Z"}""", RECEIVED);
        // Names prov-a correctly but lacks visitType: only the contract's reason.
        driver.send(A_VISITS, "a1", """
                {"eventId":"y","providerId":"prov-a","unitId":"a1","occurredAt":"2025-01-15T09:00:00Z"}""", RECEIVED);
        driver.flush();

        final List<Rejection> rejections = driver.rejections(A_REJECTED);
        assertEquals(2, rejections.size());
        assertEquals("providerId", rejections.get(0).reasons().get(0).field());
        assertEquals(2, rejections.get(0).reasons().size());
        assertEquals("visitType", rejections.get(0).reasons().get(1).field());
        assertEquals(1, rejections.get(1).reasons().size());
        assertEquals("visitType", rejections.get(1).reasons().get(0).field());
        assertEquals(1, rejections.get(1).offset());
    }

    @Test
    void theSharedTopicsAreReadAsBeforeAndTheirRejectionsStayOffTheProviderTopics() {
        // On the shared topic the record's providerId is all there is: a prov-b visit to prov-b's unit counts.
        driver.send(Topics.VISITS, "b1", visit("e1", "prov-b", "b1"), RECEIVED);
        driver.send(Topics.VISITS, "b1", visit("e2", "prov-a", "b1"), RECEIVED);
        driver.flush();

        assertEquals(1.0, driver.value("MONTH", "2025-01-01", "b1", "first_visits"));
        assertEquals(1, driver.rejections().size());
        assertEquals("unitId", driver.rejections().getFirst().reasons().getFirst().field());
        assertTrue(driver.producedTopics().stream().noneMatch(topic -> topic.contains(".provider.")),
                driver.producedTopics().toString());
    }

    @Test
    void topicsThatOnlyLookLikeProviderTopicsAreNotRead() {
        // A '.' in the provider part would let prov-a's prefix cover "prov-a.x"; other kinds are not events.
        // The test driver refuses a topic that no source of the topology subscribes to.
        for (final String topic : List.of("pks.provider.prov-a.x.visits.v1", "pks.provider.prov-a.visits.v2",
                "pks.provider..visits.v1", "pks.provider.prov-a.rejected.v1")) {
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> driver.send(topic, "a1", visit("e1", "prov-a", "a1"), RECEIVED));
            assertEquals("Unknown topic: " + topic, refused.getMessage());
        }
    }
}
