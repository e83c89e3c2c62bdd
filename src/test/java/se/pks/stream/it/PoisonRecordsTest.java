package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topics;

/**
 * Poison on every topic the stream reads: invalid JSON, wrong types, huge numbers and strings, text that is not
 * UTF-8, empty and null values, odd keys. Each is rejected on the rejected topic (and so in
 * {@code pks.rejected_record}) with the field it is wrong in; the stream stays RUNNING, and valid records sent after
 * the poison count exactly as computed by hand. Poison on the figures topic, which only the database sink reads,
 * never becomes a row.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class PoisonRecordsTest {

    private static final Instant RECEIVED = Instant.parse("2025-01-20T12:00:00Z");
    private static final String HUGE_TEXT = "x".repeat(900_000);
    private static final String HUGE_NUMBER = "9".repeat(2_000);
    private static final byte[] NOT_A_STRING_KEY = {(byte) 0xff, 0x00, (byte) 0x80, 0x7f};

    private static final String VISIT = """
            {"eventId":"%s","providerId":"prov-p","unitId":"pr-u1","occurredAt":"2025-01-07T10:00:00+01:00",\
            "visitType":"FIRST"}""";
    private static final String OPERATION = """
            {"eventId":"%s","providerId":"prov-p","unitId":"pr-u1","occurredAt":"2025-01-07T08:00:00+01:00",\
            "startedAt":"2025-01-07T08:00:00+01:00","endedAt":"2025-01-07T09:00:00+01:00","priority":"ELECTIVE"}""";
    private static final String CENSUS = """
            {"eventId":"%s","providerId":"prov-p","unitId":"pr-u1","occurredAt":"2025-01-07T07:00:00+01:00",\
            "type":"CENSUS","staffedBeds":10,"occupiedBeds":7}""";
    private static final String WAITING = """
            {"eventId":"%s","providerId":"prov-p","unitId":"pr-u1","occurredAt":"2025-01-07T10:00:00+01:00",\
            "referralId":"ref-1","action":"ADDED","guarantee":"FIRST_VISIT","waitingSince":"2025-01-07"}""";
    private static final String PLAN_KEY = "pr-u1|first_visits|TARGET|WEEK|2025-01-06";
    private static final String PLAN = """
            {"unitId":"pr-u1","measure":"first_visits","planKind":"TARGET","granularity":"WEEK",\
            "periodStart":"2025-01-06","value":3%s}""";
    private static final String UNIT = """
            {"unitId":"%s","name":"Unit","providerId":"prov-p","organisationId":"org-p","organisationName":"Org P",\
            "ownership":"PUBLIC","regionId":"region-p"}""";
    private static final String FIGURE_KEY = "WEEK|2025-01-06|pr-zz|first_visits";
    private static final String FIGURE = """
            {"granularity":"WEEK","periodStart":"2025-01-06","unitId":"pr-zz","measure":"first_visits","value":%s}""";

    @Inject
    OutputTopics outputs;

    @Inject
    KafkaStreams streams;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** One poison record: where it went, and the field its first reason must name. */
    private record Sent(String what, String topic, int partition, long offset, String field) {
    }

    @Test
    void everyPoisonRecordIsRejectedWithItsFieldAndTheStreamGoesOn() throws Exception {
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers);
             KafkaProducer<byte[], byte[]> raw = rawProducer()) {
            feed.unit("pr-u1", "prov-p", "org-p", "Org P", "PUBLIC", "region-p", RECEIVED);
            feed.flush();
            ProviderFeed.awaitUnitsKnown(streams, "pr-u1");
            final AtomicBoolean alwaysRunning = new AtomicBoolean(true);
            final Thread watch = watchStreams(alwaysRunning);

            final List<Sent> sent = new ArrayList<>();
            int n = 0;
            for (final Map.Entry<String, String> event : Map.of(Topics.VISITS.name(), VISIT,
                    Topics.OPERATIONS.name(), OPERATION, Topics.BED_OCCUPANCY.name(), CENSUS,
                    Topics.WAITING_LIST.name(), WAITING).entrySet()) {
                sent.addAll(poisonEvents(raw, event.getKey(), event.getValue(), "pr-bad-" + n++));
            }
            sent.addAll(poisonPlans(raw));
            sent.addAll(poisonUnits(raw));
            // Not read by the stream any more (plans and actuals meet inside it): only the database sink meets these.
            final List<Sent> strangeFigures = poisonFigures(raw);
            // A personal identity number in a field the contract does not know: screened all the same.
            sent.add(send(raw, "unknown field with a personal identity number", Topics.VISITS.name(), "pr-u1",
                    """
                    {"eventId":"pr-pin","providerId":"prov-p","unitId":"pr-u1","occurredAt":"2025-01-07T10:00:00+01:00",\
                    "visitType":"FIRST","note":"19121212-1212"}""".getBytes(StandardCharsets.UTF_8), "note"));
            // Over the broker's limit (1 MB by default): refused at the door, it never reaches the stream.
            final ExecutionException tooLarge = assertThrows(ExecutionException.class, () -> raw.send(
                    new ProducerRecord<>(Topics.VISITS.name(), bytes("pr-u1"), bytes(VISIT.formatted(
                            "x".repeat(3_000_000))))).get());
            assertInstanceOf(RecordTooLargeException.class, tooLarge.getCause());

            // Valid records after the poison. Unknown fields are allowed by the contract and ignored, and a
            // sender's headers (here 900 kB of them) are not carried on.
            feed.send(Topics.VISITS.name(), "pr-u1", VISIT.formatted("pr-ok-visit"), RECEIVED);
            feed.send(Topics.VISITS.name(), "pr-u1", VISIT.formatted("pr-ok-extra")
                    .replace("}", ",\"extra\":{\"deep\":[1,2,3],\"text\":\"ignored\"}}"), RECEIVED);
            final ProducerRecord<byte[], byte[]> withHeaders = new ProducerRecord<>(Topics.VISITS.name(), null,
                    RECEIVED.toEpochMilli(), bytes("pr-u1"), bytes(VISIT.formatted("pr-ok-headers")));
            withHeaders.headers().add(new RecordHeader("big", new byte[900_000]));
            raw.send(withHeaders).get();
            feed.send(Topics.OPERATIONS.name(), "pr-u1", OPERATION.formatted("pr-ok-op"), RECEIVED);
            feed.send(Topics.BED_OCCUPANCY.name(), "pr-u1", CENSUS.formatted("pr-ok-census"), RECEIVED);
            feed.send(Topics.WAITING_LIST.name(), "pr-u1", WAITING.formatted("pr-ok-wait"), RECEIVED);
            feed.send(Topics.PLANS.name(), PLAN_KEY, PLAN.formatted(""), RECEIVED);
            feed.send(Topics.UNITS.name(), "pr-u2", UNIT.formatted("pr-u2"), RECEIVED);
            feed.flush();
            ProviderFeed.awaitUnitsKnown(streams, "pr-u2");
            feed.send(Topics.VISITS.name(), "pr-u2", VISIT.formatted("pr-ok-u2").replace("\"pr-u1\"", "\"pr-u2\""),
                    RECEIVED);
            feed.flush();

            // Week of 6 January for pr-u1: 3 first visits (plain, unknown fields, big headers), 1 operation of
            // 1 hour, one census of 7 occupied beds out of 10, 1 referral in; pr-u2: 1 first visit. The poison
            // figures for the unit pr-zz never become rows.
            final Set<String> expected = new TreeSet<>(Set.of(
                    "pr-u1|first_visits=3.0000", "pr-u1|operations=1.0000", "pr-u1|operation_hours=1.0000",
                    "pr-u1|care_days=7.0000", "pr-u1|staffed_beds=10.0000", "pr-u1|occupancy_rate=0.7000",
                    "pr-u1|referrals_in=1.0000", "pr-u2|first_visits=1.0000"));
            try {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> weekFigures().containsAll(expected)
                                && rejectedFields().size() >= sent.size() && "3.0000,3.0000".equals(deviation()));
            } catch (final ConditionTimeoutException e) {
                // The assertions below say what is missing.
            }
            alwaysRunning.compareAndSet(true, streams.state() == KafkaStreams.State.RUNNING);
            watch.interrupt();
            watch.join();

            final Map<String, String> fields = rejectedFields();
            final List<String> wrong = new ArrayList<>();
            for (final Sent poison : sent) {
                final String actual = fields.get(poison.topic() + "@" + poison.partition() + "@" + poison.offset());
                if (!poison.field().equals(actual)) {
                    wrong.add(poison.what() + " on " + poison.topic() + ": expected " + poison.field() + ", got "
                            + actual);
                }
            }
            assertEquals(List.of(), wrong);
            assertEquals(sent.size(), fields.size(), "rejections of records that were not poison");
            assertTrue(weekFigures().containsAll(expected), weekFigures().toString());
            assertTrue(weekFigures().stream().noneMatch(row -> row.startsWith("pr-zz")), weekFigures().toString());
            assertEquals(9, strangeFigures.size());
            assertTrue(fields.keySet().stream().noneMatch(key -> key.startsWith(outputs.measureValues().name())),
                    "the stream does not read its own figures: " + fields.keySet());
            assertEquals("3.0000,3.0000", deviation());
            assertTrue(alwaysRunning.get(), "Kafka Streams left RUNNING");
            assertEquals("UP", ReliabilityFigures.sinkReadiness());
            // The rejected topic carries at most a shortened copy of each record, so its records stay small.
            final List<ConsumerRecord<String, String>> rejected =
                    TopicContents.committed(bootstrapServers, outputs.rejected().name());
            final int largest = rejected.stream().mapToInt(record -> record.value() == null
                    ? 0 : record.value().length()).max().orElse(0);
            assertTrue(largest < 40_000, "largest rejected record " + largest + " characters");
            assertTrue(rejected.stream().anyMatch(record -> record.value() != null
                    && record.value().contains("bytes in all)")), "no shortened copy on the rejected topic");
            assertTrue(rejected.stream().noneMatch(record -> record.value() != null
                    && record.value().contains("19121212")), "a personal identity number reached the rejected topic");
        }
    }

    /** The same eleven kinds of poison on each event topic; {@code template} is a valid event with a %s eventId. */
    private List<Sent> poisonEvents(final KafkaProducer<byte[], byte[]> raw, final String topic,
                                    final String template, final String id) throws Exception {
        final String valid = template.formatted(id);
        final List<Sent> sent = new ArrayList<>();
        sent.add(send(raw, "invalid JSON", topic, "pr-u1", bytes("{\"eventId\":\"" + id + "\","), "value"));
        sent.add(send(raw, "wrong types", topic, "pr-u1", bytes(valid.replace("\"" + id + "\"", "12")), "eventId"));
        sent.add(send(raw, "huge number", topic, "pr-u1", bytes(valid.replace("\"prov-p\"", HUGE_NUMBER)), "value"));
        sent.add(send(raw, "huge string", topic, "pr-u1", bytes(template.formatted(HUGE_TEXT)), "eventId"));
        sent.add(send(raw, "Latin-1", topic, "pr-u1",
                valid.replace("}", ",\"note\":\"Södersjukhuset\"}").getBytes(StandardCharsets.ISO_8859_1), "value"));
        sent.add(send(raw, "UTF-16LE", topic, "pr-u1", valid.getBytes(StandardCharsets.UTF_16LE), "value"));
        sent.add(send(raw, "UTF-16 with BOM", topic, "pr-u1", valid.getBytes(StandardCharsets.UTF_16), "value"));
        sent.add(send(raw, "invalid UTF-8", topic, "pr-u1",
                concat(bytes(valid.substring(0, valid.length() - 1) + ",\"note\":\""),
                        new byte[] {(byte) 0xc3, 0x28}, bytes("\"}")), "value"));
        sent.add(send(raw, "empty value", topic, "pr-u1", new byte[0], "value"));
        sent.add(send(raw, "null value", topic, "pr-u1", null, "value"));
        sent.add(send(raw, "binary key", topic, NOT_A_STRING_KEY, bytes(valid), "key"));
        sent.add(send(raw, "null key", topic, (byte[]) null, bytes(valid), "key"));
        return sent;
    }

    private List<Sent> poisonPlans(final KafkaProducer<byte[], byte[]> raw) throws Exception {
        final String topic = Topics.PLANS.name();
        final String valid = PLAN.formatted("");
        final List<Sent> sent = new ArrayList<>();
        sent.add(send(raw, "invalid JSON", topic, PLAN_KEY, bytes("{\"unitId\":"), "value"));
        sent.add(send(raw, "wrong types", topic, PLAN_KEY, bytes(valid.replace("\"pr-u1\"", "7")), "unitId"));
        sent.add(send(raw, "huge number", topic, PLAN_KEY, bytes(valid.replace(":3", ":" + HUGE_NUMBER)), "value"));
        sent.add(send(raw, "huge string", topic, PLAN_KEY, bytes(valid.replace("\"pr-u1\"",
                "\"" + HUGE_TEXT + "\"")), "unitId"));
        sent.add(send(raw, "Latin-1", topic, PLAN_KEY,
                PLAN.formatted(",\"note\":\"Södersjukhuset\"").getBytes(StandardCharsets.ISO_8859_1), "value"));
        sent.add(send(raw, "UTF-16LE", topic, PLAN_KEY, valid.getBytes(StandardCharsets.UTF_16LE), "value"));
        sent.add(send(raw, "UTF-16 with BOM", topic, PLAN_KEY, valid.getBytes(StandardCharsets.UTF_16), "value"));
        sent.add(send(raw, "invalid UTF-8", topic, PLAN_KEY, concat(bytes(PLAN.formatted(",\"note\":\"")
                .replace("}", "")), new byte[] {(byte) 0xc3, 0x28}, bytes("\"}")), "value"));
        sent.add(send(raw, "empty value", topic, PLAN_KEY, new byte[0], "value"));
        sent.add(send(raw, "binary key", topic, NOT_A_STRING_KEY, bytes(valid), "key"));
        refusedWithoutKey(raw, topic, bytes(valid));
        return sent;
    }

    /** The unit register, read by a typed deserializer: its refusals go through the deserialization handler. */
    private List<Sent> poisonUnits(final KafkaProducer<byte[], byte[]> raw) throws Exception {
        final String topic = Topics.UNITS.name();
        final String valid = UNIT.formatted("pr-u9");
        final List<Sent> sent = new ArrayList<>();
        sent.add(send(raw, "invalid JSON", topic, "pr-u9", bytes("{\"unitId\":"), "value"));
        sent.add(send(raw, "wrong types", topic, "pr-u9", bytes(valid.replace("\"pr-u9\"", "9")), "unitId"));
        sent.add(send(raw, "huge number", topic, "pr-u9", bytes(valid.replace("\"PUBLIC\"", HUGE_NUMBER)), "value"));
        sent.add(send(raw, "huge string", topic, "pr-u9", bytes(valid.replace("\"Unit\"", "\"" + HUGE_TEXT + "\"")),
                "name"));
        sent.add(send(raw, "Latin-1", topic, "pr-u9",
                valid.replace("Org P", "Södersjukhuset").getBytes(StandardCharsets.ISO_8859_1), "value"));
        sent.add(send(raw, "UTF-16LE", topic, "pr-u9", valid.getBytes(StandardCharsets.UTF_16LE), "value"));
        sent.add(send(raw, "UTF-16 with BOM", topic, "pr-u9", valid.getBytes(StandardCharsets.UTF_16), "value"));
        sent.add(send(raw, "invalid UTF-8", topic, "pr-u9", concat(bytes(valid.substring(0, valid.length() - 1)
                + ",\"note\":\""), new byte[] {(byte) 0xc3, 0x28}, bytes("\"}")), "value"));
        sent.add(send(raw, "empty value", topic, "pr-u9", new byte[0], "value"));
        refusedWithoutKey(raw, topic, bytes(valid));
        return sent;
    }

    /**
     * The stream's own figures topic: what a stranger might write there. The database sink skips what it cannot read
     * (with a warning and {@code pks_sink_records_skipped_total}), so none of it becomes a row.
     */
    private List<Sent> poisonFigures(final KafkaProducer<byte[], byte[]> raw) throws Exception {
        final String topic = outputs.measureValues().name();
        final String valid = FIGURE.formatted("1.0");
        final List<Sent> sent = new ArrayList<>();
        sent.add(send(raw, "invalid JSON", topic, FIGURE_KEY, bytes("{\"granularity\":"), "value"));
        sent.add(send(raw, "wrong types", topic, FIGURE_KEY, bytes(FIGURE.formatted("\"many\"")), "value"));
        sent.add(send(raw, "missing fields", topic, FIGURE_KEY, bytes("{\"value\":1.0}"), "granularity"));
        sent.add(send(raw, "huge number", topic, FIGURE_KEY, bytes(FIGURE.formatted(HUGE_NUMBER)), "value"));
        sent.add(send(raw, "huge string", topic, FIGURE_KEY, bytes(valid.replace("\"pr-zz\"",
                "\"" + HUGE_TEXT + "\"")), "unitId"));
        sent.add(send(raw, "Latin-1", topic, FIGURE_KEY,
                valid.replace("}", ",\"note\":\"Södersjukhuset\"}").getBytes(StandardCharsets.ISO_8859_1), "value"));
        sent.add(send(raw, "UTF-16LE", topic, FIGURE_KEY, valid.getBytes(StandardCharsets.UTF_16LE), "value"));
        sent.add(send(raw, "UTF-16 with BOM", topic, FIGURE_KEY, valid.getBytes(StandardCharsets.UTF_16), "value"));
        sent.add(send(raw, "empty value", topic, FIGURE_KEY, new byte[0], "value"));
        refusedWithoutKey(raw, topic, bytes(valid));
        return sent;
    }

    /** A compacted topic's broker refuses a record without a key: it never reaches the stream. */
    private static void refusedWithoutKey(final KafkaProducer<byte[], byte[]> raw, final String topic,
                                          final byte[] value) {
        final ExecutionException refused = assertThrows(ExecutionException.class,
                () -> raw.send(new ProducerRecord<>(topic, null, RECEIVED.toEpochMilli(), null, value)).get());
        assertInstanceOf(InvalidRecordException.class, refused.getCause());
    }

    private static Sent send(final KafkaProducer<byte[], byte[]> raw, final String what, final String topic,
                             final String key, final byte[] value, final String field) throws Exception {
        return send(raw, what, topic, bytes(key), value, field);
    }

    private static Sent send(final KafkaProducer<byte[], byte[]> raw, final String what, final String topic,
                             final byte[] key, final byte[] value, final String field) throws Exception {
        final RecordMetadata metadata =
                raw.send(new ProducerRecord<>(topic, null, RECEIVED.toEpochMilli(), key, value)).get();
        return new Sent(what, topic, metadata.partition(), metadata.offset(), field);
    }

    private KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                // Above the broker's limit, so that the broker itself is what refuses the 3 MB record.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 10_000_000,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64_000_000L),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Thread watchStreams(final AtomicBoolean alwaysRunning) {
        return Thread.ofPlatform().name("poison-watch").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (streams.state() != KafkaStreams.State.RUNNING) {
                    alwaysRunning.set(false);
                }
                try {
                    Thread.sleep(100);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** topic@partition@offset -> the field of the first reason, for every rejected record in the database. */
    private Map<String, String> rejectedFields() throws SQLException {
        final Map<String, String> fields = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT source_topic || '@' || source_partition || '@' || source_offset, reasons->0->>'field'
                     FROM pks.rejected_record""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                fields.put(rows.getString(1), rows.getString(2));
            }
        }
        return fields;
    }

    /** unit|measure=value of the non-zero weekly figures of the week of 6 January. */
    private Set<String> weekFigures() throws SQLException {
        final Set<String> rows = new TreeSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT unit_id || '|' || measure, value FROM pks.measure_value
                     WHERE granularity = 'WEEK' AND period_start = DATE '2025-01-06' AND value <> 0
                       AND unit_id LIKE 'pr-%'""");
             ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(result.getString(1) + "=" + ReliabilityFigures.format(result.getDouble(2)));
            }
        }
        return rows;
    }

    private String deviation() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT actual, expected FROM pks.deviation WHERE unit_id = 'pr-u1' AND measure = 'first_visits'
                       AND plan_kind = 'TARGET' AND granularity = 'WEEK' AND period_start = DATE '2025-01-06'""");
             ResultSet result = statement.executeQuery()) {
            return result.next() ? ReliabilityFigures.format(result.getDouble(1)) + ","
                    + ReliabilityFigures.format(result.getDouble(2)) : "none";
        }
    }

    private static byte[] bytes(final String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(final byte[]... parts) {
        int length = 0;
        for (final byte[] part : parts) {
            length += part.length;
        }
        final byte[] all = new byte[length];
        int at = 0;
        for (final byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
