package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static se.pks.stream.it.SecuredKafkaResource.PROVIDER_A;
import static se.pks.stream.it.SecuredKafkaResource.PROVIDER_B;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.JsonSerde;

/**
 * Providers bound to their own data on Kafka (issue 19 item 4), on a real broker that authenticates (SASL/PLAIN) and
 * authorizes (KRaft's StandardAuthorizer) every request with the ACLs the Helm chart renders, and a real database.
 * Two providers, each trying the other's data: the broker refuses a write to the other's topic (and to the shared
 * event topic); a record written to one's own topic in the other's name is rejected by the stream with the reason,
 * which only the writer reads, on Kafka and over HTTP; each provider's valid record lands in the figures. The service
 * itself runs as its own principal with the chart's service ACLs. Topic names are spelled out here, by hand.
 */
@QuarkusTest
@QuarkusTestResource(value = SecuredKafkaResource.class, restrictToAnnotatedClass = true)
class ProviderBindingTest {

    private static final String UNIT_A = "bind-a-mott";
    private static final String UNIT_B = "bind-b-mott";
    private static final String A_VISITS = "pks.provider.prov-a.visits.v1";
    private static final String B_VISITS = "pks.provider.prov-b.visits.v1";
    private static final String A_REJECTED = "pks-stream-v2.provider.prov-a.rejected.v1";
    private static final String B_REJECTED = "pks-stream-v2.provider.prov-b.rejected.v1";
    private static final String A_FEED_QUALITY = "pks-stream-v2.provider.prov-a.feed-quality.v1";
    private static final String B_FEED_QUALITY = "pks-stream-v2.provider.prov-b.feed-quality.v1";
    private static final String JSON = "application/json";
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

    /** Read when the test runs: an injected property would be required of every test class the build starts. */
    private final String bootstrap = ConfigProvider.getConfig().getValue(SecuredKafkaResource.BOOTSTRAP, String.class);

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    void eachProviderWritesAndReadsOnlyItsOwnDataAndARecordInTheOthersNameIsRejected() throws Exception {
        unit(UNIT_A, PROVIDER_A, "org-a");
        unit(UNIT_B, PROVIDER_B, "org-b");
        // The stream checks each visit against its own copy of the unit register: wait until it has both units.
        for (final String unit : List.of(UNIT_A, UNIT_B)) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given().auth().preemptive().basic("planner", "planner-pw").when().get("/api/v1/units/" + unit)
                            .then().statusCode(200));
        }
        // Provider B is onboarded while the service runs, with its event topics only: they are read without a restart,
        // and the service creates B's rejected and data-quality topics itself (B reads its rows there below).
        try (Admin admin = Admin.create(SecuredKafkaResource.client(bootstrap, SecuredKafkaResource.ADMIN_USER))) {
            admin.createTopics(SecuredKafkaResource.providerBTopics).all().get();
        }
        final LocalDate day = LocalDate.now(STOCKHOLM).minusDays(1);
        final String occurredAt = day + "T09:00:00+01:00";

        final RecordMetadata forged;
        try (KafkaProducer<String, String> providerA = producer(PROVIDER_A);
             KafkaProducer<String, String> providerB = producer(PROVIDER_B)) {
            // The broker refuses each provider the other's topic, and the shared event topic.
            assertDenied(providerA, B_VISITS, UNIT_B, visit("a-into-b", PROVIDER_B, UNIT_B, occurredAt));
            assertDenied(providerA, "pks.visits.v1", UNIT_B, visit("a-shared", PROVIDER_B, UNIT_B, occurredAt));
            assertDenied(providerB, A_VISITS, UNIT_A, visit("b-into-a", PROVIDER_A, UNIT_A, occurredAt));
            // A writes to its own topic a visit in B's name, for B's unit: the broker takes it, the stream refuses it.
            forged = providerA.send(new ProducerRecord<>(A_VISITS, UNIT_B,
                    visit("forged-1", PROVIDER_B, UNIT_B, occurredAt))).get();
            providerA.send(new ProducerRecord<>(A_VISITS, UNIT_A, visit("a-1", PROVIDER_A, UNIT_A, occurredAt))).get();
            providerB.send(new ProducerRecord<>(B_VISITS, UNIT_B, visit("b-1", PROVIDER_B, UNIT_B, occurredAt))).get();
        }

        // A reads the rejection of its record on its own rejected topic, as itself, with where the record was.
        final Rejection rejection = readOne(PROVIDER_A, A_REJECTED);
        assertEquals(A_VISITS, rejection.topic());
        assertEquals(forged.partition(), rejection.partition());
        assertEquals(forged.offset(), rejection.offset());
        assertEquals(UNIT_B, rejection.key());
        final FieldError reason = new FieldError("providerId", "names provider 'prov-b', but the record was written "
                + "to the topic of provider 'prov-a', whose records must name 'prov-a'");
        assertEquals(List.of(reason), rejection.reasons());
        // ... and may read neither B's rejected topic nor the deployment's, which holds every provider's.
        assertReadDenied(PROVIDER_A, B_REJECTED);
        assertReadDenied(PROVIDER_A, "pks-stream-v2.rejected.v1");
        assertReadDenied(PROVIDER_B, A_REJECTED);

        // Each valid visit lands in its unit's figures; the forged one in neither.
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                firstVisits(UNIT_A, day) != null && firstVisits(UNIT_B, day) != null);
        assertEquals(1.0, firstVisits(UNIT_A, day));
        assertEquals(1.0, firstVisits(UNIT_B, day));

        // The data-quality register counts the refused record against A, who sent it; B's row has its one visit.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> feedQuality(PROVIDER_A, UNIT_B, day) != null);
        assertEquals(List.of(1L, 0L, 1L), feedQuality(PROVIDER_A, UNIT_B, day));
        assertEquals(List.of(1L, 1L, 0L), feedQuality(PROVIDER_A, UNIT_A, day));
        assertEquals(List.of(1L, 1L, 0L), feedQuality(PROVIDER_B, UNIT_B, day));

        // On Kafka each provider reads its own data-quality rows, and not the other's.
        final Map<String, FeedQuality> rowsA = latestRows(PROVIDER_A, A_FEED_QUALITY, 2);
        assertEquals(Set.of(PROVIDER_A + "|" + UNIT_A + "|VISITS|" + day, PROVIDER_A + "|" + UNIT_B + "|VISITS|" + day),
                rowsA.keySet());
        assertEquals(1, rowsA.get(PROVIDER_A + "|" + UNIT_B + "|VISITS|" + day).rejected());
        assertEquals(1L, rowsA.get(PROVIDER_A + "|" + UNIT_B + "|VISITS|" + day).rejectionReasons()
                .get(reason.toString()));
        assertEquals(Set.of(PROVIDER_B + "|" + UNIT_B + "|VISITS|" + day),
                latestRows(PROVIDER_B, B_FEED_QUALITY, 1).keySet());
        assertReadDenied(PROVIDER_A, B_FEED_QUALITY);
        assertReadDenied(PROVIDER_B, A_FEED_QUALITY);
        assertReadDenied(PROVIDER_A, "pks-stream-v2.feed-quality.v1");

        // Over HTTP each provider reads its own rejections, with the offsets, and no one else's.
        final IngestHttp.Issued tokenA = IngestHttp.create(PROVIDER_A);
        final IngestHttp.Issued tokenB = IngestHttp.create(PROVIDER_B);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> rejections(tokenA, PROVIDER_A)
                .getList("rejections").size() == 1);
        final JsonPath own = rejections(tokenA, PROVIDER_A);
        assertEquals(A_VISITS, own.getString("rejections[0].topic"));
        assertEquals(forged.partition(), own.getInt("rejections[0].partition"));
        assertEquals(forged.offset(), own.getLong("rejections[0].offset"));
        assertEquals("providerId", own.getString("rejections[0].reasons[0].field"));
        assertEquals(reason.reason(), own.getString("rejections[0].reasons[0].reason"));
        assertEquals(List.of(), rejections(tokenB, PROVIDER_B).getList("rejections"));
        given().header("Authorization", tokenB.bearer()).when()
                .get("/api/v1/providers/" + PROVIDER_A + "/rejections").then().statusCode(403);
        given().header("Authorization", tokenA.bearer()).when()
                .get("/api/v1/providers/" + PROVIDER_A + "/rejections?days=0").then().statusCode(400);
        // B's feed status shows only its own visit: the record in its name that A sent is not B's.
        final JsonPath statusB = given().header("Authorization", tokenB.bearer()).when()
                .get("/api/v1/providers/" + PROVIDER_B + "/feed-status").then().statusCode(200).extract().jsonPath();
        assertEquals(1, statusB.getList("feeds").size());
        assertEquals(0, statusB.getInt("feeds[0].rejected"));
        assertNull(feedQuality(PROVIDER_B, UNIT_A, day));
    }

    private static void unit(final String unit, final String provider, final String organisation) {
        given().auth().preemptive().basic("planner", "planner-pw").contentType(JSON).body("""
                {"unitId":"%s","name":"Mottagningen %s","providerId":"%s","organisationId":"%s",\
                "organisationName":"%s","ownership":"PUBLIC","regionId":"r-t"}"""
                .formatted(unit, unit, provider, organisation, organisation)).when().put("/api/v1/units/" + unit)
                .then().statusCode(202);
    }

    private static String visit(final String eventId, final String provider, final String unit,
                                final String occurredAt) {
        return """
                {"eventId":"%s","providerId":"%s","unitId":"%s","occurredAt":"%s","visitType":"FIRST"}"""
                .formatted(eventId, provider, unit, occurredAt);
    }

    private KafkaProducer<String, String> producer(final String provider) {
        final Map<String, Object> settings = SecuredKafkaResource.client(bootstrap, "pks-provider-" + provider);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static void assertDenied(final KafkaProducer<String, String> producer, final String topic,
                                     final String key, final String value) {
        final ExecutionException refused = assertThrows(ExecutionException.class,
                () -> producer.send(new ProducerRecord<>(topic, key, value)).get());
        assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), refused.toString());
    }

    private KafkaConsumer<String, String> consumer(final String provider, final String group) {
        final Map<String, Object> settings = new HashMap<>(
                SecuredKafkaResource.client(bootstrap, "pks-provider-" + provider));
        if (group != null) {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }

    /** Subscribes as the provider in a consumer group of its own prefix, as a provider's client would. */
    private Rejection readOne(final String provider, final String topic) throws Exception {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(provider, "pks-provider-" + provider + "-answers")) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertEquals(1, records.size(), "one rejection on " + topic);
        return JsonSerde.MAPPER.readValue(records.getFirst().value().getBytes(StandardCharsets.UTF_8),
                Rejection.class);
    }

    /** The latest row per key on a provider's data-quality topic, read as the provider, once {@code keys} are there. */
    private Map<String, FeedQuality> latestRows(final String provider, final String topic, final int keys)
            throws Exception {
        final Map<String, FeedQuality> rows = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(provider, "pks-provider-" + provider + "-quality")) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (rows.size() < keys && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    rows.put(record.key(), JsonSerde.MAPPER.readValue(record.value(), FeedQuality.class));
                }
            }
            // Anything more that is already there: a row of another provider would show as a key too many.
            for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(2))) {
                rows.put(record.key(), JsonSerde.MAPPER.readValue(record.value(), FeedQuality.class));
            }
        }
        return rows;
    }

    private void assertReadDenied(final String provider, final String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(provider, null)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertThrows(TopicAuthorizationException.class, () -> {
                final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }, provider + " reading " + topic);
        }
    }

    private static JsonPath rejections(final IngestHttp.Issued token, final String provider) {
        return given().header("Authorization", token.bearer()).when()
                .get("/api/v1/providers/" + provider + "/rejections").then().statusCode(200).extract().jsonPath();
    }

    private Double firstVisits(final String unit, final LocalDate day) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT value FROM pks.measure_value
                     WHERE granularity = 'MONTH' AND period_start = ? AND unit_id = ? AND measure = 'first_visits'""")) {
            statement.setObject(1, day.withDayOfMonth(1));
            statement.setString(2, unit);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? result.getDouble(1) : null;
            }
        }
    }

    /** received, accepted, rejected of the data-quality row, or null. */
    private List<Long> feedQuality(final String provider, final String unit, final LocalDate day)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT received, accepted, rejected FROM pks.feed_quality
                     WHERE provider_id = ? AND unit_id = ? AND feed = 'VISITS' AND day = ?""")) {
            statement.setString(1, provider);
            statement.setString(2, unit);
            statement.setObject(3, day);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? List.of(result.getLong(1), result.getLong(2), result.getLong(3)) : null;
            }
        }
    }
}
