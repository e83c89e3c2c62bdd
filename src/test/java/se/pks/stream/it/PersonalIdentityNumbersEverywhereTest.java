package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static se.pks.stream.it.StoryFixture.person;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topics;

/**
 * Personal identity numbers sent anywhere (every field of every feed over HTTP and Kafka, plan uploads, units, the
 * calendar, actions, subscriptions, alert acknowledgements, headers, query parameters and path segments) end up
 * nowhere: not in any row of any table of schema pks, not in any record (key, value or header) the service wrote to any
 * topic, internal ones included, and not in the service's log.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class PersonalIdentityNumbersEverywhereTest {

    /**
     * Valid numbers (date and Luhn check digit by hand): personnummer 1981-12-18 with check digit 6, in its ten- and
     * twelve-digit forms, with and without a separator and with the over-100 "+", and the samordningsnummer of the
     * same date (day 18 + 60 = 78: 8,1,1,2,7,8,9,8,7 weigh to 47, so the check digit is 3).
     */
    private static final List<String> PINS = List.of("811218-9876", "8112189876", "19811218-9876", "198112189876",
            "811218+9876", "811278-9873", "19811278-9873");
    /** What a scan looks for: every separator form of both numbers (the twelve-digit forms contain these). */
    private static final List<String> TRACES = List.of("8112189876", "811218-9876", "811218+9876", "811218 9876",
            "8112789873", "811278-9873");

    private static final String PROVIDER = "prov-pin";
    private static final String UNIT = "pin-unit";
    private static final String JSON = "application/json";

    @Inject
    OutputTopics outputs;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(final LogRecord record) {
            final StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (final Object parameter : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
            }
            for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
                text.append(' ').append(cause);
            }
            synchronized (logged) {
                logged.add(record.getLoggerName() + ": " + text);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Where the test itself put numbers on input topics: a provider's own record, not something the service wrote. */
    private final Set<String> sentByTheTest = new HashSet<>();
    private final List<String> answers = new ArrayList<>();

    @BeforeEach
    void captureTheLog() {
        IngestHttp.readProblemDetailsAsJson();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void numbersSentAnywhereAreNeverStoredPublishedOrLogged() throws Exception {
        final String token = IngestHttp.create(PROVIDER).token();
        planner().contentType(JSON).body(unit(UNIT, "Pin unit")).when().put("/api/v1/units/" + UNIT)
                .then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                planner().when().get("/api/v1/units").then().statusCode(200).body("unitId", hasItem(UNIT)));
        final long rejectedBefore = count("SELECT count(*) FROM pks.rejected_record");

        int kafkaRejections = 0;
        for (final String pin : PINS) {
            overHttp(pin, token);
            kafkaRejections += overKafka(pin);
        }

        // Everything sent over Kafka with a number in its key or value is rejected and sunk; wait for the sink.
        final long expected = rejectedBefore + kafkaRejections;
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT count(*) FROM pks.rejected_record") >= expected);
        Thread.sleep(3000);

        final List<String> found = new ArrayList<>();
        found.addAll(inTheDatabase());
        found.addAll(onTheTopics());
        synchronized (logged) {
            logged.stream().filter(PersonalIdentityNumbersEverywhereTest::hasTrace)
                    .forEach(line -> found.add("log: " + line));
        }
        answers.stream().filter(PersonalIdentityNumbersEverywhereTest::hasTrace)
                .forEach(answer -> found.add("answer: " + answer));
        assertEquals(List.of(), found);
        assertTrue(logged.size() > 0, "the log was captured");
        System.out.printf("PersonalIdentityNumbersEverywhereTest: %d numbers, %d Kafka records rejected, %d log lines,"
                + " %d answers scanned%n", PINS.size(), kafkaRejections, logged.size(), answers.size());
    }

    /** Every HTTP entry point, with the number in each place it can go. */
    private void overHttp(final String pin, final String token) {
        // events: each field of each feed, an unknown field, a field name, and a CSV line
        for (final Map.Entry<String, Map<String, Object>> feed : events().entrySet()) {
            for (final String field : feed.getValue().keySet()) {
                final Map<String, Object> record = new LinkedHashMap<>(feed.getValue());
                record.put(field, pin);
                answer(given().header("Authorization", "Bearer " + token).contentType(JSON).body(List.of(record))
                        .when().post("/api/v1/events/" + feed.getKey()));
            }
            final Map<String, Object> extra = new LinkedHashMap<>(feed.getValue());
            extra.put("note", "patient " + pin);
            extra.put(pin, "x");
            answer(given().header("Authorization", "Bearer " + token).contentType(JSON).body(List.of(extra))
                    .when().post("/api/v1/events/" + feed.getKey()));
        }
        answer(given().header("Authorization", "Bearer " + token).contentType("text/csv")
                .body("eventId,providerId,unitId,occurredAt,visitType\n" + pin + "," + PROVIDER + "," + UNIT
                        + ",2025-03-04T09:15:00+01:00,FIRST\nv-2," + PROVIDER + "," + UNIT + "," + pin + ",FIRST\n")
                .when().post("/api/v1/events/visits"));
        answer(given().header("Authorization", "Bearer " + token).when()
                .get("/api/v1/providers/" + PROVIDER + "/feed-status?days=" + pin));
        answer(given().header("Authorization", "Bearer " + token).when().get("/api/v1/providers/" + pin
                + "/feed-status"));

        // plans: one row per field, as JSON and as a CSV upload
        final Map<String, Object> plan = new LinkedHashMap<>(Map.of("unitId", UNIT, "measure", "first_visits",
                "planKind", "TARGET", "granularity", "WEEK", "periodStart", "2025-03-03", "value", 10));
        final StringBuilder csv = new StringBuilder("unitId,measure,planKind,granularity,periodStart,value\n");
        for (final String field : plan.keySet()) {
            final Map<String, Object> row = new LinkedHashMap<>(plan);
            row.put(field, pin);
            answer(planner().contentType(JSON).body(row).when().put("/api/v1/plans"));
            csv.append(String.join(",", row.values().stream().map(String::valueOf).toList())).append('\n');
        }
        answer(planner().contentType("text/csv").body(csv.toString()).when().post("/api/v1/plans/csv"));
        answer(planner().when().delete("/api/v1/plans/" + pin + "/first_visits/TARGET/WEEK/2025-03-03"));

        // units: each field, and the id in the path
        for (final String field : List.of("unitId", "name", "providerId", "organisationId", "organisationName",
                "regionId")) {
            answer(planner().contentType(JSON).body(unit(UNIT, "Pin unit").replace("\"" + field + "\":\"",
                    "\"" + field + "\":\"" + pin)).when().put("/api/v1/units/" + UNIT));
        }
        answer(planner().contentType(JSON).body(unit(pin, "Pin unit")).when().put("/api/v1/units/" + pin));
        answer(planner().when().get("/api/v1/units/" + pin));
        answer(planner().when().delete("/api/v1/units/" + pin));

        // the calendar
        answer(planner().contentType(JSON).body("{\"kind\":\"LOW_PRODUCTION\",\"label\":\"" + pin + "\"}")
                .when().put("/api/v1/calendar/r-pin/2025-02-17"));
        answer(planner().contentType(JSON).body("{\"kind\":\"LOW_PRODUCTION\",\"label\":\"x\"}")
                .when().put("/api/v1/calendar/" + pin + "/2025-02-17"));
        answer(planner().contentType(JSON).body("{\"kind\":\"" + pin + "\"}")
                .when().put("/api/v1/calendar/r-pin/" + pin));

        // actions, subscriptions, alert acknowledgements
        final Map<String, Object> action = new LinkedHashMap<>(Map.of("title", "Extra clinic", "description",
                "Behind plan", "unitId", UNIT, "measure", "first_visits", "expectedDirection", "INCREASE",
                "expectedEffect", "+4 a week", "responsible", "klinikchef", "deadline", "2030-06-30"));
        for (final String field : action.keySet()) {
            final Map<String, Object> body = new LinkedHashMap<>(action);
            body.put(field, pin);
            answer(person("pm-sus").contentType(JSON).body(body).when().post("/api/v1/actions"));
        }
        answer(person("pm-sus").contentType(JSON).header("If-Match", pin).body("{\"title\":\"x\"}")
                .when().patch("/api/v1/actions/" + pin));
        for (final String target : List.of(pin + "@sus.example", "https://hooks.example/" + pin,
                "https://hooks.example/x?person=" + pin)) {
            answer(person("leader").contentType(JSON).body("{\"scope\":\"UNIT\",\"scopeId\":\"" + UNIT
                    + "\",\"channel\":\"WEBHOOK\",\"target\":\"" + target + "\"}")
                    .when().post("/api/v1/subscriptions"));
        }
        answer(person("leader").contentType(JSON).body("{\"scope\":\"UNIT\",\"scopeId\":\"" + pin
                + "\",\"channel\":\"EMAIL\",\"target\":\"a@b.example\"}").when().post("/api/v1/subscriptions"));
        answer(person("pm-sus").contentType(JSON).body("{\"note\":\"" + pin + "\"}")
                .when().post("/api/v1/alerts/1/acknowledge"));
        answer(person("pm-sus").when().post("/api/v1/alerts/" + pin + "/acknowledge"));

        // headers and query parameters of reads, and the operator's API
        answer(person("leader").header("X-Request-Id", pin).header("User-Agent", pin).header("X-Patient", pin)
                .when().get("/api/v1/measure-values?unitId=" + pin + "&measure=" + pin + "&from=" + pin));
        answer(person("leader").when().get("/api/v1/deviations?granularity=" + pin + "&to=" + pin));
        answer(person("leader").when().get("/api/v1/plans?unitId=" + pin + "&planKind=" + pin));
        answer(person("leader").when().get("/api/v1/alerts?unitId=" + pin + "&state=" + pin));
        answer(person("leader").when().get("/api/v1/actions?unitId=" + pin + "&overdue=" + pin));
        answer(given().header("Authorization", "Bearer " + pin).when().get("/api/v1/actions"));
        answer(given().auth().preemptive().basic(pin, pin).when().get("/api/v1/actions"));
        answer(given().header("X-Admin-Key", pin).when().get("/api/v1/admin/providers/" + PROVIDER + "/credentials"));
        answer(given().header("X-Admin-Key", IngestHttp.ADMIN_KEY).when()
                .post("/api/v1/admin/providers/" + pin + "/credentials"));
        answer(given().when().get("/api/v1/public/units/" + pin + "/figures?measure=" + pin + "&year=" + pin));
        answer(given().when().get("/api/v1/public/organisations/" + pin));
    }

    /** Each feed's topic: the number in the key, in each field, in a header's value and in a header's name. */
    private int overKafka(final String pin) throws ExecutionException, InterruptedException {
        int rejections = 0;
        final Map<String, String> topics = Map.of("visits", Topics.VISITS.name(), "operations",
                Topics.OPERATIONS.name(), "bed-occupancy", Topics.BED_OCCUPANCY.name(), "waiting-list",
                Topics.WAITING_LIST.name());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (final Map.Entry<String, Map<String, Object>> feed : events().entrySet()) {
                final String topic = topics.get(feed.getKey());
                for (final String field : feed.getValue().keySet()) {
                    final Map<String, Object> record = new LinkedHashMap<>(feed.getValue());
                    record.put(field, pin);
                    send(producer, topic, UNIT, json(record), null);
                    rejections++;
                }
                send(producer, topic, pin, json(feed.getValue()), null);
                rejections++;
                // a valid record whose headers carry the number: the value is fine, the headers must not travel on
                final Map<String, Object> valid = new LinkedHashMap<>(feed.getValue());
                valid.put("eventId", "pin-header-" + feed.getKey() + "-" + PINS.indexOf(pin));
                send(producer, topic, UNIT, json(valid), pin);
            }
            final Map<String, Object> plan = new LinkedHashMap<>(Map.of("unitId", UNIT, "measure", "first_visits",
                    "planKind", "TARGET", "granularity", "WEEK", "periodStart", "2025-03-03", "value", 10));
            for (final String field : plan.keySet()) {
                final Map<String, Object> row = new LinkedHashMap<>(plan);
                row.put(field, pin);
                send(producer, Topics.PLANS.name(), UNIT + "|first_visits|TARGET|WEEK|2025-03-03", json(row), null);
                rejections++;
            }
        }
        return rejections;
    }

    private void send(final KafkaProducer<String, String> producer, final String topic, final String key,
                      final String value, final String headerPin) throws ExecutionException, InterruptedException {
        final ProducerRecord<String, String> record = new ProducerRecord<>(topic, null, Instant.now().toEpochMilli(),
                key, value);
        if (headerPin != null) {
            record.headers().add("patient", headerPin.getBytes(StandardCharsets.UTF_8));
            record.headers().add("x-" + headerPin, "1".getBytes(StandardCharsets.UTF_8));
        }
        final RecordMetadata written = producer.send(record).get();
        sentByTheTest.add(written.topic() + "/" + written.partition() + "/" + written.offset());
    }

    /** Every row of every table in schema pks as JSON text, with the rows that hold a number. */
    private List<String> inTheDatabase() throws SQLException {
        final List<String> found = new ArrayList<>();
        final List<String> tables = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'pks' ORDER BY tablename")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (final String table : tables) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT row_to_json(t)::text FROM pks.\"" + table + "\" t")) {
                    while (rows.next()) {
                        if (hasTrace(rows.getString(1))) {
                            found.add("pks." + table + ": " + rows.getString(1));
                        }
                    }
                }
            }
        }
        assertTrue(tables.size() > 20, "tables of schema pks: " + tables);
        return found;
    }

    /** Every record of every topic, internal ones included, except the test's own input records. */
    private List<String> onTheTopics() throws ExecutionException, InterruptedException {
        final Set<String> names;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        }
        final List<String> found = new ArrayList<>();
        int scanned = 0;
        for (final String topic : names) {
            if (topic.startsWith("__")) {
                continue;
            }
            for (final ConsumerRecord<String, String> record : TopicContents.committed(bootstrapServers, topic)) {
                if (sentByTheTest.contains(topic + "/" + record.partition() + "/" + record.offset())) {
                    continue;
                }
                scanned++;
                final StringBuilder text = new StringBuilder().append(record.key()).append(' ').append(record.value());
                for (final Header header : record.headers()) {
                    text.append(' ').append(header.key()).append('=')
                            .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
                }
                if (hasTrace(text.toString())) {
                    found.add(topic + "/" + record.partition() + "/" + record.offset() + ": " + text);
                }
            }
        }
        assertTrue(scanned > 0 && names.contains(outputs.rejected().name()), "topics scanned: " + names);
        return found;
    }

    private void answer(final Response response) {
        assertTrue(response.statusCode() < 500, response.statusCode() + " " + response.asString());
        answers.add(response.statusCode() + " " + response.asString());
    }

    private static boolean hasTrace(final String text) {
        return text != null && TRACES.stream().anyMatch(text::contains);
    }

    private static Map<String, Map<String, Object>> events() {
        final Map<String, Map<String, Object>> events = new LinkedHashMap<>();
        events.put("visits", ordered("eventId", "pin-v", "providerId", PROVIDER, "unitId", UNIT, "occurredAt",
                "2025-03-04T09:15:00+01:00", "visitType", "FIRST", "contactMode", "IN_PERSON"));
        events.put("operations", ordered("eventId", "pin-o", "providerId", PROVIDER, "unitId", UNIT, "occurredAt",
                "2025-03-04T08:00:00+01:00", "startedAt", "2025-03-04T08:00:00+01:00", "endedAt",
                "2025-03-04T09:45:00+01:00", "priority", "ELECTIVE"));
        events.put("bed-occupancy", ordered("eventId", "pin-b", "providerId", PROVIDER, "unitId", UNIT, "occurredAt",
                "2025-03-04T07:00:00+01:00", "type", "CENSUS", "staffedBeds", 24, "occupiedBeds", 22));
        events.put("waiting-list", ordered("eventId", "pin-w", "providerId", PROVIDER, "unitId", UNIT, "occurredAt",
                "2025-03-04T13:05:00+01:00", "referralId", "r-pin", "action", "ADDED", "guarantee", "FIRST_VISIT",
                "waitingSince", "2025-03-04", "medicalTargetDate", "2025-04-15", "patientChosenWait", false));
        return events;
    }

    private static Map<String, Object> ordered(final Object... keysAndValues) {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String json(final Map<String, Object> fields) {
        final StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(value instanceof String ? "\"" + value + "\"" : String.valueOf(value)));
        return json.append('}').toString();
    }

    private static String unit(final String unitId, final String name) {
        return """
                {"unitId":"%s","name":"%s","providerId":"%s","organisationId":"org-pin","organisationName":"Pin",\
                "ownership":"PUBLIC","regionId":"r-pin"}""".formatted(unitId, name, PROVIDER);
    }

    private long count(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static RequestSpecification planner() {
        return person("planner");
    }

}
