package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static se.pks.stream.it.StoryFixture.person;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.Topics;

/**
 * SQL, header and path payloads in every string the API takes: each is stored exactly as sent (read back from the
 * table or topic it went to) or refused with 400 problem details naming the field; never a 500, never executed, and
 * every table of schema pks is still there, with its columns, afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class InjectionTest {

    static final List<String> PAYLOADS = List.of(
            "'; DROP TABLE pks.measure_value; --",
            "' OR '1'='1",
            "x\r\nX-Injected: yes",
            "../../etc/passwd",
            "%2e%2e%2f%2e%2e%2fetc",
            "a%2Fb/..%5C..\\c");

    private static final ObjectMapper JSON_READER = new ObjectMapper();
    private static final String JSON = "application/json";
    private static final String PROVIDER = "prov-inj";
    private static final String UNIT = "inj-unit";

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final List<String> wrong = new ArrayList<>();
    /** Rows the sink writes later, checked once it has: what each must hold. */
    private final List<AwaitedRow> awaitedRows = new ArrayList<>();

    /** A query with one parameter, the parameter, and the text the query must return. */
    private record AwaitedRow(String sql, String parameter, String expected) {
    }
    private int stored;
    private int refused;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    void everyPayloadIsStoredVerbatimOrRefusedByNameAndTheTablesSurvive() throws Exception {
        final String schemaBefore = schema();
        final String token = IngestHttp.create(PROVIDER).token();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // the unit actions are recorded for, of pm-sus's organisation
            statement.executeUpdate("""
                    INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                          region_id)
                    VALUES ('sus-inj', 'Injektion', 'prov-sus', 'org-sus', 'Sjöstad', 'PUBLIC', 'r-inj')
                    ON CONFLICT DO NOTHING""");
        }
        planner().contentType(JSON).body(unit(UNIT, "Injection unit", "Org")).when().put("/api/v1/units/" + UNIT)
                .then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                planner().when().get("/api/v1/units").then().statusCode(200).body("unitId", hasItem(UNIT)));

        for (int i = 0; i < PAYLOADS.size(); i++) {
            final String payload = PAYLOADS.get(i);
            // Units last: once a unit named by the payload is registered, a plan or action for it is legitimate.
            plans(payload);
            events(i, payload, token);
            actions(payload);
            subscriptions(i, payload);
            queriesPathsAndHeaders(payload);
            units(i, payload);
            calendar(i, payload);
        }
        awaitStoredRows();

        assertEquals(List.of(), wrong);
        assertEquals(schemaBefore, schema(), "every table and column of schema pks is still there");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM pks.measure_value").close();
        }
        System.out.printf("InjectionTest: %d payloads, %d stored verbatim, %d refused naming the field%n",
                PAYLOADS.size(), stored, refused);
    }

    /** Free text of a unit is kept as sent; its id in the path and body too, unless the path cannot carry it. */
    private void units(final int i, final String payload) {
        final String id = "inj-u" + i;
        final Response named = planner().contentType(JSON).body(unit(id, payload, payload))
                .when().put("/api/v1/units/" + id);
        verdict(named, "name", () -> null, null);
        if (named.statusCode() == 202) {
            awaitedRows.add(new AwaitedRow("SELECT name || '|' || organisation_name FROM pks.unit WHERE unit_id = ?",
                    id, payload + "|" + payload));
        }
        final Response odd = planner().contentType(JSON).body(unit(payload, "Odd id", "Org"))
                .pathParam("id", payload).when().put("/api/v1/units/{id}");
        // A payload with a slash cannot be one path segment: the router answers 404 before any resource runs.
        if (odd.statusCode() != 404 || !payload.contains("/")) {
            verdict(odd, "unitId", () -> null, null);
            if (odd.statusCode() == 202) {
                awaitedRows.add(new AwaitedRow("SELECT name FROM pks.unit WHERE unit_id = ?", payload, "Odd id"));
            }
        }
    }

    private void calendar(final int i, final String payload) {
        final String monday = LocalDate.of(2025, 1, 6).plusWeeks(i).toString();
        final Response labelled = planner().contentType(JSON).body(new LinkedHashMap<>(Map.of("kind",
                "LOW_PRODUCTION", "label", payload))).when().put("/api/v1/calendar/r-inj/" + monday);
        verdict(labelled, "label", () -> null, null);
        if (labelled.statusCode() == 202) {
            awaitedRows.add(new AwaitedRow(
                    "SELECT label FROM pks.calendar_week WHERE region_id = 'r-inj' AND week_start = ?::date", monday,
                    payload));
        }
        final Response region = planner().contentType(JSON).body("{\"kind\":\"LOW_PRODUCTION\"}")
                .pathParam("region", payload).when().put("/api/v1/calendar/{region}/2025-01-06");
        if (region.statusCode() != 404 || !payload.contains("/")) {
            verdict(region, "regionId", () -> null, null);
            if (region.statusCode() == 202) {
                awaitedRows.add(new AwaitedRow("SELECT kind FROM pks.calendar_week WHERE region_id = ? "
                        + "AND week_start = DATE '2025-01-06'", payload, "LOW_PRODUCTION"));
            }
        }
        expectRefused(planner().contentType(JSON).body(Map.of("kind", payload)).when()
                .put("/api/v1/calendar/r-inj/" + monday), "kind");
    }

    /** Every field of a plan row names an existing unit, a known measure or an enum: a payload is refused. */
    private void plans(final String payload) {
        for (final String field : List.of("unitId", "measure", "planKind", "granularity", "periodStart")) {
            final Map<String, Object> row = new LinkedHashMap<>(Map.of("unitId", UNIT, "measure", "first_visits",
                    "planKind", "TARGET", "granularity", "WEEK", "periodStart", "2025-03-03", "value", 10));
            row.put(field, payload);
            expectRefused(planner().contentType(JSON).body(row).when().put("/api/v1/plans"), field);
        }
        final Response upload = planner().contentType("text/csv").body(
                "unitId,measure,planKind,granularity,periodStart,value\n\"" + payload.replace("\"", "\"\"")
                        + "\",first_visits,TARGET,WEEK,2025-03-03,10\n").when().post("/api/v1/plans/csv");
        if (upload.statusCode() != 200 || upload.jsonPath().getInt("accepted") != 0) {
            wrong.add("plan CSV with unitId " + payload + ": " + upload.statusCode() + " " + upload.asString());
        }
        refused++;
    }

    /** Each string field of a visit: refused for that record naming the field, or on the topic as sent. */
    private void events(final int i, final String payload, final String token) throws IOException {
        final Map<String, Object> valid = new LinkedHashMap<>(Map.of("eventId", "inj-e" + i, "providerId", PROVIDER,
                "unitId", UNIT, "occurredAt", "2025-03-04T09:15:00+01:00", "visitType", "FIRST", "contactMode",
                "IN_PERSON"));
        for (final String field : valid.keySet()) {
            final Map<String, Object> record = new LinkedHashMap<>(valid);
            record.put(field, payload);
            final Response answer = given().header("Authorization", "Bearer " + token).contentType(JSON)
                    .body(List.of(record)).when().post("/api/v1/events/visits");
            final JsonNode report = JSON_READER.readTree(answer.asString());
            if (answer.statusCode() != 200) {
                wrong.add("visit with " + field + " = " + payload + ": " + answer.statusCode() + " "
                        + answer.asString());
            } else if (report.path("accepted").asInt() == 1) {
                expectOnTopic(payload, field);
            } else if (!report.path("results").path(0).path("reasons").findValuesAsText("field").contains(field)) {
                wrong.add("visit with " + field + " = " + payload + " refused without naming it: " + answer.asString());
            } else {
                refused++;
            }
        }
    }

    private void actions(final String payload) {
        final Map<String, Object> action = new LinkedHashMap<>(Map.of("title", "Extra clinic", "description",
                "Behind plan", "unitId", "sus-inj", "measure", "first_visits", "expectedDirection", "INCREASE",
                "expectedEffect", "+4 a week", "responsible", "klinikchef", "deadline", "2030-06-30"));
        for (final String field : action.keySet()) {
            final Map<String, Object> body = new LinkedHashMap<>(action);
            body.put(field, payload);
            final Response answer = person("pm-sus").contentType(JSON).body(body).when().post("/api/v1/actions");
            verdict(answer, field, () -> {
                final long id = answer.jsonPath().getLong("actionId");
                return text("SELECT " + column(field) + " FROM pks.action WHERE action_id = " + id);
            }, payload);
        }
    }

    private void subscriptions(final int i, final String payload) {
        // An e-mail address may hold quotes and most payload characters: such a target is stored as sent.
        final String address = payload.replaceAll("[\\s@]", "") + i + "@hooks.example";
        final Response email = person("leader").contentType(JSON).body(Map.of("scope", "UNIT", "scopeId", "sus-inj",
                "channel", "EMAIL", "target", address)).when().post("/api/v1/subscriptions");
        verdict(email, "target", () -> text("SELECT target FROM pks.subscription WHERE subscription_id = "
                + email.jsonPath().getLong("subscriptionId")), address);
        expectRefused(person("leader").contentType(JSON).body(Map.of("scope", "UNIT", "scopeId", payload,
                "channel", "EMAIL", "target", "a@b.example")).when().post("/api/v1/subscriptions"), "scopeId");
        expectRefused(person("leader").contentType(JSON).body(Map.of("scope", "UNIT", "scopeId", "sus-inj",
                "channel", "WEBHOOK", "target", payload)).when().post("/api/v1/subscriptions"), "target");
    }

    /** Query parameters filter (nothing matches) or are refused by name; odd paths and headers never reach SQL. */
    private void queriesPathsAndHeaders(final String payload) {
        noServerError(person("leader").queryParam("unitId", payload).queryParam("measure", payload)
                .when().get("/api/v1/measure-values"), 200);
        expectRefused(person("leader").queryParam("from", payload).when().get("/api/v1/deviations"), "from");
        expectRefused(person("leader").queryParam("granularity", payload).when().get("/api/v1/deviations"),
                "granularity");
        noServerError(person("leader").queryParam("unitId", payload).when().get("/api/v1/plans"), 200);
        expectRefused(person("leader").queryParam("state", payload).when().get("/api/v1/alerts"), "state");
        noServerError(person("leader").queryParam("organisationId", payload).queryParam("unitId", payload)
                .when().get("/api/v1/actions"), 200);
        noServerError(given().queryParam("measure", payload).queryParam("year", payload)
                .when().get("/api/v1/public/units/" + UNIT + "/figures"), 400);
        noServerError(person("leader").pathParam("id", payload)
                .when().get("/api/v1/units/{id}"), 404);
        noServerError(given().pathParam("id", payload)
                .when().get("/api/v1/public/organisations/{id}"), 404);
        noServerError(given().header("Authorization", "Bearer " + payload).when().get("/api/v1/actions"), 401);
        noServerError(given().header("X-Admin-Key", payload)
                .when().get("/api/v1/admin/providers/" + PROVIDER + "/credentials"), 401);
        noServerError(person("pm-sus").header("If-Match", payload).contentType(JSON).body("{\"title\":\"x\"}")
                .when().patch("/api/v1/actions/1"), 404);
        // The operator names a provider in the path: a credential for it is stored under exactly that id.
        final Response created = given().header("X-Admin-Key", IngestHttp.ADMIN_KEY)
                .pathParam("provider", payload).when().post("/api/v1/admin/providers/{provider}/credentials");
        if (created.statusCode() != 404 || !payload.contains("/")) {
            verdict(created, "providerId", () -> text("SELECT provider_id FROM pks.provider_credential "
                    + "WHERE credential_id = '" + created.jsonPath().getString("credentialId") + "'"), payload);
        }
    }

    /**
     * Units and calendar weeks go through the topic and the sink: once there, their rows must hold the payloads as
     * sent.
     */
    private void awaitStoredRows() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (final AwaitedRow row : awaitedRows) {
                assertEquals(row.expected(), text(row.sql(), row.parameter()), row.sql() + " with " + row.parameter());
            }
        });
        stored += awaitedRows.size();
    }

    /**
     * A write either refused with problem details naming {@code field} or accepted, in which case {@code readBack}
     * must return {@code expected} (null: nothing to read back, e.g. a write that only reaches the topic later).
     */
    private void verdict(final Response answer, final String field, final ThrowingSupplier readBack,
                         final String expected) {
        final int status = answer.statusCode();
        if (answer.getHeader("X-Injected") != null) {
            wrong.add(field + ": the answer carries an injected header");
        }
        if (status == 400) {
            final List<String> fields = answer.jsonPath().getList("errors.field");
            if (fields == null || !fields.contains(field)) {
                wrong.add(field + ": 400 without naming it: " + answer.asString());
            } else {
                refused++;
            }
        } else if (status / 100 == 2) {
            try {
                final String back = readBack.get();
                if (expected != null && !expected.equals(back)) {
                    wrong.add(field + ": stored as " + back + " instead of " + expected);
                } else {
                    stored++;
                }
            } catch (final SQLException e) {
                wrong.add(field + ": " + e);
            }
        } else {
            wrong.add(field + ": answered " + status + " " + answer.asString());
        }
    }

    private void expectStored(final Response answer, final String what) {
        if (answer.statusCode() != 202) {
            wrong.add(what + ": expected 202, got " + answer.statusCode() + " " + answer.asString());
        }
    }

    private void expectRefused(final Response answer, final String field) {
        if (answer.statusCode() != 400) {
            wrong.add(field + ": expected 400, got " + answer.statusCode() + " " + answer.asString());
            return;
        }
        verdict(answer, field, () -> null, null);
    }

    private void noServerError(final Response answer, final int expected) {
        if (answer.statusCode() >= 500 || answer.getHeader("X-Injected") != null) {
            wrong.add("expected " + expected + ", got " + answer.statusCode() + " " + answer.asString());
        }
    }

    private void expectOnTopic(final String payload, final String field) throws IOException {
        for (final ConsumerRecord<String, String> record
                : TopicContents.committed(bootstrapServers, Topics.VISITS.name())) {
            if (payload.equals(JSON_READER.readTree(record.value()).path(field).asText(null))) {
                stored++;
                return;
            }
        }
        wrong.add("visit accepted with " + field + " = " + payload + " but not on the topic as sent");
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        String get() throws SQLException;
    }

    /** A table's columns, in order, for every table of schema pks: what a DROP or ALTER would change. */
    private String schema() throws SQLException {
        return text("""
                SELECT string_agg(table_name || '.' || column_name, ',' ORDER BY table_name, ordinal_position)
                FROM information_schema.columns WHERE table_schema = 'pks'""");
    }

    private String text(final String sql) throws SQLException {
        return text(sql, null);
    }

    private String text(final String sql, final String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static String column(final String field) {
        return field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private static String unit(final String unitId, final String name, final String organisationName) {
        final Map<String, Object> unit = new LinkedHashMap<>();
        unit.put("unitId", unitId);
        unit.put("name", name);
        unit.put("providerId", PROVIDER);
        unit.put("organisationId", "org-inj");
        unit.put("organisationName", organisationName);
        unit.put("ownership", "PUBLIC");
        unit.put("regionId", "r-inj");
        try {
            return JSON_READER.writeValueAsString(unit);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestSpecification planner() {
        return person("planner");
    }

}
