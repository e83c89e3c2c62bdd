package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.BedCensus;
import se.pks.stream.model.ContactMode;
import se.pks.stream.model.Discharge;
import se.pks.stream.model.EventDeletion;
import se.pks.stream.model.EventHeader;
import se.pks.stream.model.Feed;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.MeasureValue;
import se.pks.stream.model.Operation;
import se.pks.stream.model.OperationPriority;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;
import se.pks.stream.model.ProviderEvent;
import se.pks.stream.model.RemovalReason;
import se.pks.stream.model.Visit;
import se.pks.stream.model.VisitType;
import se.pks.stream.model.WaitingListAction;
import se.pks.stream.model.WaitingListChange;
import se.pks.stream.topics.JsonSerde;

/**
 * The topology's internal values survive the binary form unchanged, and what earlier versions wrote as JSON into
 * stores, changelogs and repartition topics is still read after an upgrade.
 */
class BinarySerdeTest {

    private static final String TOPIC = "any";
    private static final Instant AT = Instant.parse("2025-03-04T08:15:30.123456789Z");
    private static final EventHeader HEADER = new EventHeader("e-1", "prov-a", "u1", AT);

    private static final Visit VISIT = new Visit(HEADER, VisitType.RETURN, ContactMode.DIGITAL);
    private static final Operation OPERATION = new Operation(HEADER, AT, AT.plusSeconds(5400),
            OperationPriority.ACUTE);
    private static final BedCensus CENSUS = new BedCensus(HEADER, 24, 26);
    private static final Discharge DISCHARGE = new Discharge(HEADER, AT.minusSeconds(86_400 * 3), AT);
    private static final WaitingListChange ADDED = new WaitingListChange(HEADER, "ref-9", WaitingListAction.ADDED,
            GuaranteeType.TREATMENT, LocalDate.of(2025, 1, 2), null, false, null);
    private static final WaitingListChange REMOVED = new WaitingListChange(
            new EventHeader("e-2", "prov-a", "u1", AT.plusSeconds(60)), "ref-9", WaitingListAction.REMOVED,
            GuaranteeType.TREATMENT, LocalDate.of(2025, 1, 2), LocalDate.of(2025, 4, 1), true,
            RemovalReason.PERFORMED);
    private static final EventDeletion DELETION = new EventDeletion(new EventHeader("e-1", "prov-a", null, AT));

    @Test
    void everyKindOfEventComesBackEqual() {
        for (final ProviderEvent event : new ProviderEvent[] {VISIT, OPERATION, CENSUS, DISCHARGE, ADDED, REMOVED,
                DELETION}) {
            assertEquals(event, roundTrip(BinaryCodecs.providerEvents(), event));
        }
    }

    @Test
    void entriesDaysSumsAndRegisterRowsComeBackEqual() {
        assertEquals(new WaitingEntry(ADDED, REMOVED),
                roundTrip(BinaryCodecs.waitingEntries(), new WaitingEntry(ADDED, REMOVED)));
        assertEquals(new WaitingEntry(null, REMOVED),
                roundTrip(BinaryCodecs.waitingEntries(), new WaitingEntry(null, REMOVED)));
        final CensusDay day = CensusDay.empty().with(CENSUS)
                .with(new BedCensus(new EventHeader("e-7", "prov-a", "u1", AT.plusSeconds(3600)), 20, 19));
        assertEquals(day, roundTrip(BinaryCodecs.censusDays(), day));
        // A component at 0 is kept: it decides which measures the bucket publishes.
        final BucketSums sums = BucketSums.empty().plus(Component.VISITS_FIRST, 0)
                .plus(Component.WAITING_SINCE_EPOCH_DAYS, -20_089L).plus(Component.OPERATION_SECONDS, 1L << 40);
        assertEquals(sums, roundTrip(BinaryCodecs.bucketSums(), sums));
        final FeedQuality quality = new FeedQuality("prov-a", "u1", Feed.VISITS, LocalDate.of(2025, 3, 4), 7, 5, 2,
                1, 1, 0, 3, new TreeMap<>(Map.of("visitType: unknown", 2L)));
        assertEquals(quality, roundTrip(BinaryCodecs.feedQuality(), quality));
    }

    @Test
    void theBinaryFormIsSmallerThanTheJson() {
        final byte[] binary = BinaryCodecs.waitingEntries().serializer()
                .serialize(TOPIC, new WaitingEntry(ADDED, REMOVED));
        final byte[] json = new JsonSerde<>(WaitingEntry.class).serializer().serialize(TOPIC,
                new WaitingEntry(ADDED, REMOVED));
        assertTrue(binary.length * 2 < json.length, binary.length + " bytes against " + json.length + " as JSON");
    }

    @Test
    void jsonWrittenBeforeTheUpgradeIsStillRead() {
        final String ledgerJson = """
                {"kind":"WAITING_LIST","header":{"eventId":"e-2","providerId":"prov-a","unitId":"u1",
                "occurredAt":"2025-03-04T08:16:30.123456789Z"},"referralId":"ref-9","action":"REMOVED",
                "guarantee":"TREATMENT","waitingSince":"2025-01-02","medicalTargetDate":"2025-04-01",
                "patientChosenWait":true,"removalReason":"PERFORMED"}""";
        assertEquals(REMOVED, BinaryCodecs.providerEvents().deserializer().deserialize(TOPIC, bytes(ledgerJson)));
        final String sumsJson = "{\"sums\":{\"VISITS_FIRST\":3,\"VISITS_RETURN\":0}}";
        assertEquals(BucketSums.empty().plus(Component.VISITS_FIRST, 3).plus(Component.VISITS_RETURN, 0),
                BinaryCodecs.bucketSums().deserializer().deserialize(TOPIC, bytes(sumsJson)));
    }

    @Test
    void everyInputOfTheOneRepartitionComesBackEqual() {
        final FeedObservation onTime = new FeedObservation("prov-a", "u1", Feed.VISITS, LocalDate.of(2025, 3, 4),
                FeedObservation.Outcome.ACCEPTED, null);
        final FeedObservation rejected = new FeedObservation("?", "?", Feed.WAITING_LIST, LocalDate.of(2025, 3, 5),
                FeedObservation.Outcome.REJECTED, "referralId: is required");
        final Plan plan = new Plan("u1", "first_visits", PlanKind.TARGET, Granularity.WEEK, LocalDate.of(2025, 3, 3),
                12.5);
        for (final FollowUpInput input : new FollowUpInput[] {new FollowUpInput.Arrival(VISIT, onTime),
                new FollowUpInput.Arrival(ADDED, onTime), new FollowUpInput.Observed(rejected),
                new FollowUpInput.PlanChange(plan.key(), plan), new FollowUpInput.PlanChange(plan.key(), null)}) {
            assertEquals(input, roundTrip(BinaryCodecs.followUpInputs(), input));
        }
    }

    @Test
    void publishedFiguresComeBackEqualWithAndWithoutNumeratorAndDenominator() {
        final MeasureValue count = new MeasureValue(Granularity.MONTH, LocalDate.of(2025, 3, 1), "u1",
                "first_visits", 41.0, null, null);
        final MeasureValue rate = new MeasureValue(Granularity.WEEK, LocalDate.of(2025, 3, 3), "u1",
                "occupancy_rate", 0.875, 35.0, 40.0);
        assertEquals(count, roundTrip(BinaryCodecs.measureValues(), count));
        assertEquals(rate, roundTrip(BinaryCodecs.measureValues(), rate));
    }

    @Test
    void anUnknownFormatIsAnErrorNotAGuess() {
        assertThrows(SerializationException.class,
                () -> BinaryCodecs.bucketSums().deserializer().deserialize(TOPIC, new byte[] {9, 0, 0}));
    }

    private static <T> T roundTrip(final BinarySerde<T> serde, final T value) {
        return serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, value));
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
