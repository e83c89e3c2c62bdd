package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.Topics;

/**
 * Provider ingestion over real HTTP with the real broker, the running stream and PostgreSQL: per-record answers,
 * accepted records on the topic before the answer, and every refusal as problem details.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class HttpIngestionTest {

    private static final String VALID = """
            {"eventId":"http-v1","providerId":"prov-http-a","unitId":"http-a",\
            "occurredAt":"2025-03-04T09:15:00+01:00","visitType":"FIRST"}""";

    @Inject
    DataSource dataSource;

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    void aMixedBatchIsAnsweredRecordByRecordAndOnlyTheAcceptedOnesAreWritten() {
        registerUnits();
        final String bearer = IngestHttp.create("prov-http-a").bearer();
        final String batch = "[" + String.join(",", List.of(
                VALID,
                """
                {"eventId":"http-v2","providerId":"prov-http-a","unitId":"http-a","occurredAt":"yesterday",\
                "visitType":"FIRST"}""",
                """
                {"eventId":"http-v3","providerId":"prov-http-a","unitId":"http-b",\
                "occurredAt":"2025-03-04T09:15:00+01:00","visitType":"FIRST"}""",
                """
                {"eventId":"http-v4","providerId":"prov-http-a","unitId":"http-a",\
                "occurredAt":"2025-03-04T09:15:00+01:00","visitType":"FIRST","note":"patient 811218-9876"}""",
                VALID,
                """
                {"eventId":"http-v6","providerId":"prov-http-b","unitId":"http-b",\
                "occurredAt":"2025-03-04T09:15:00+01:00","visitType":"FIRST"}""")) + "]";

        final String answer = given().header("Authorization", bearer).contentType("application/json").body(batch)
                .when().post("/api/v1/events/visits")
                .then().statusCode(200)
                .body("records", equalTo(6)).body("accepted", equalTo(2)).body("rejected", equalTo(4))
                .body("results.index", contains(0, 1, 2, 3, 4, 5))
                .body("results.eventId", contains("http-v1", "http-v2", "http-v3", "http-v4", "http-v1", "http-v6"))
                .body("results.status", contains("ACCEPTED", "REJECTED", "REJECTED", "REJECTED", "ACCEPTED",
                        "REJECTED"))
                .body("results[0].reasons", empty())
                .body("results[1].reasons.field", contains("occurredAt"))
                .body("results[2].reasons.field", contains("unitId"))
                .body("results[2].reasons.reason", contains("unit 'http-b' belongs to another provider"))
                .body("results[3].reasons.field", contains("note"))
                .body("results[4].reasons", empty())
                .body("results[5].reasons.field", contains("providerId"))
                .body("results[5].reasons.reason",
                        contains("'prov-http-b' is not the authenticated provider 'prov-http-a'"))
                .extract().asString();
        assertEquals(-1, answer.indexOf("811218"), answer);

        // The answer has come, so the two accepted copies are committed; nothing else from this batch is.
        final List<String> written = records(Topics.VISITS.name()).stream()
                .filter(record -> record.value().contains("\"http-v")).map(ConsumerRecord::value).toList();
        assertEquals(List.of(VALID, VALID), written);
        assertEquals(List.of("http-a", "http-a"), records(Topics.VISITS.name()).stream()
                .filter(record -> record.value().contains("\"http-v")).map(ConsumerRecord::key).toList());
        // And they reach the figures: the resend counts once in the week of 3 March.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                "1".equals(firstVisits("http-a", "2025-03-03")));
    }

    private String firstVisits(final String unit, final String week) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT value::int FROM pks.measure_value WHERE granularity ="
                     + " 'WEEK' AND measure = 'first_visits' AND unit_id = '" + unit + "' AND period_start = '" + week
                     + "'")) {
            return result.next() ? result.getString(1) : null;
        }
    }

    @Test
    void theOpenApiDocumentDescribesIngestionWithTheContractsSchemas() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/events/{feed}"))
                .body("components.schemas.VisitEvent.$ref", equalTo("/schemas/visit.v1.json"));
        given().when().get("/schemas/visit.v1.json")
                .then().statusCode(200).body("title", equalTo("Visit v1"));
    }

    @Test
    void aCsvFileIsReadLineByLineWithOnlyTheContractsColumnsTakenIn() {
        registerUnits();
        final String bearer = IngestHttp.create("prov-http-a").bearer();
        // Line 1 is the header; "note" is not a contract column and is never taken in, so the personal identity
        // number on line 5 is not stored and not echoed, and that census is accepted.
        final String csv = """
                eventId,providerId,unitId,occurredAt,type,staffedBeds,occupiedBeds,note
                csv-1,prov-http-a,http-a,2025-03-04T07:00:00+01:00,CENSUS,20,18,
                csv-2,prov-http-a,http-a,2025-03-05T07:00:00+01:00,CENSUS,20,21,
                csv-3,prov-http-a,http-a,"2025-03-06T07:00:00+01:00,CENSUS,20,18,
                csv-4,prov-http-a,http-a,2025-03-07T07:00:00+01:00,CENSUS,20,17,pat 811218-9876
                """;
        final String answer = given().header("Authorization", bearer).contentType("text/csv").body(csv)
                .when().post("/api/v1/events/bed-occupancy")
                .then().statusCode(200)
                .body("records", equalTo(4)).body("accepted", equalTo(2))
                .body("results.status", contains("ACCEPTED", "REJECTED", "REJECTED", "ACCEPTED"))
                .body("results[1].reasons.field", contains("occupiedBeds"))
                .body("results[2].reasons.field", contains("line 4"))
                .extract().asString();
        assertEquals(-1, answer.indexOf("811218"), answer);
        final List<String> written = records(Topics.BED_OCCUPANCY.name()).stream()
                .map(ConsumerRecord::value).filter(value -> value.contains("\"csv-")).toList();
        assertEquals(List.of("""
                {"eventId":"csv-1","providerId":"prov-http-a","unitId":"http-a",\
                "occurredAt":"2025-03-04T07:00:00+01:00","type":"CENSUS","staffedBeds":20,"occupiedBeds":18}""",
                """
                {"eventId":"csv-4","providerId":"prov-http-a","unitId":"http-a",\
                "occurredAt":"2025-03-07T07:00:00+01:00","type":"CENSUS","staffedBeds":20,"occupiedBeds":17}"""),
                written);
    }

    @Test
    void ndjsonIsOneRecordPerLineAndABadLineIsOnlyThatRecord() {
        registerUnits();
        final String bearer = IngestHttp.create("prov-http-a").bearer();
        given().header("Authorization", bearer).contentType("application/x-ndjson")
                .body((VALID.replace("http-v1", "http-n1").replace("2025-03-04", "2025-03-11")
                        .replace("}", ",\"note\":\"seen by dr Berg\"}") + "\n{\"eventId\":\n\n")
                        .getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/events/visits")
                .then().statusCode(200)
                .body("records", equalTo(2)).body("accepted", equalTo(1))
                .body("results.status", contains("ACCEPTED", "REJECTED"))
                .body("results[1].reasons.field", contains("record"));
        // Free text outside the contract's fields is not kept.
        final String written = records(Topics.VISITS.name()).stream().map(ConsumerRecord::value)
                .filter(value -> value.contains("http-n1")).findFirst().orElseThrow();
        assertEquals(-1, written.indexOf("note"), written);
        assertEquals(VALID.replace("http-v1", "http-n1").replace("2025-03-04", "2025-03-11"), written);
    }

    @Test
    void credentialsAreListedWithoutTokensAndARevokedTokenIsRefused() {
        final IngestHttp.Issued issued = IngestHttp.create("prov-http-revoked");
        given().header("Authorization", issued.bearer()).contentType("application/json").body("[]")
                .when().post("/api/v1/events/visits")
                .then().statusCode(200).body("records", equalTo(0));

        given().header("X-Admin-Key", IngestHttp.ADMIN_KEY)
                .when().delete("/api/v1/admin/providers/prov-http-revoked/credentials/" + issued.credentialId())
                .then().statusCode(204);
        given().header("X-Admin-Key", IngestHttp.ADMIN_KEY)
                .when().get("/api/v1/admin/providers/prov-http-revoked/credentials")
                .then().statusCode(200)
                .body("credentialId", contains(issued.credentialId()))
                .body("[0].revokedAt", notNullValue()).body("[0].token", nullValue())
                .body(not(containsString(issued.token())));

        given().header("Authorization", issued.bearer()).contentType("application/json").body("[]")
                .when().post("/api/v1/events/visits")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().contentType("application/json").body("[]")
                .when().post("/api/v1/events/visits")
                .then().statusCode(401).body("status", equalTo(401));
        given().header("Authorization", "Bearer pks_made-up").contentType("application/json").body("[]")
                .when().post("/api/v1/events/visits")
                .then().statusCode(401);
        given().when().post("/api/v1/admin/providers/prov-http-revoked/credentials").then().statusCode(401);
        given().header("X-Admin-Key", "wrong").when().get("/api/v1/admin/providers/prov-http-revoked/credentials")
                .then().statusCode(401);
    }

    @Test
    void wrongMediaTypeTooLargeAndMalformedBodiesAreProblems() {
        final String bearer = IngestHttp.create("prov-http-limits").bearer();
        given().header("Authorization", bearer).contentType("text/plain").body(VALID)
                .when().post("/api/v1/events/visits")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
        given().header("Authorization", bearer).contentType("application/json").body("[" + " ".repeat(5 << 20) + "]")
                .when().post("/api/v1/events/visits")
                .then().statusCode(413).body("detail", containsString("5242880 bytes"));
        given().header("Authorization", bearer).contentType("application/json")
                .body("[" + String.join(",", Collections.nCopies(10_001, "{}")) + "]")
                .when().post("/api/v1/events/visits")
                .then().statusCode(413).body("detail", containsString("10000 records"));
        given().header("Authorization", bearer).contentType("application/json").body(VALID)
                .when().post("/api/v1/events/visits")
                .then().statusCode(400).body("errors.field", contains("body"));
        given().header("Authorization", bearer).contentType("application/json").body("[{\"eventId\":")
                .when().post("/api/v1/events/visits")
                .then().statusCode(400).body("errors.field", contains("body"));
        given().header("Authorization", bearer).contentType("application/json").body("[]")
                .when().post("/api/v1/events/appointments")
                .then().statusCode(404);
    }

    @Test
    void aProviderReadsItsOwnFeedStatusAndNeverAnothers() throws SQLException {
        final LocalDate today = LocalDate.now(ZoneId.of("Europe/Stockholm"));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // Rows as the stream would have written them for two providers; the stream itself is not involved.
            statement.execute("""
                    INSERT INTO pks.feed_quality (provider_id, unit_id, feed, day, received, accepted, rejected,
                        duplicates, corrected, deleted, late) VALUES
                        ('prov-fs-a', 'fs-a', 'VISITS', '%1$s', 10, 8, 2, 1, 0, 0, 1),
                        ('prov-fs-a', 'fs-a', 'VISITS', '%2$s', 5, 5, 0, 0, 1, 1, 0),
                        ('prov-fs-a', 'fs-a', 'VISITS', '%3$s', 100, 100, 0, 0, 0, 0, 0),
                        ('prov-fs-b', 'fs-b', 'VISITS', '%1$s', 7, 7, 0, 0, 0, 0, 0)"""
                    .formatted(today, today.minusDays(3), today.minusDays(40)));
            statement.execute("""
                    INSERT INTO pks.feed_rejection (provider_id, unit_id, feed, day, field, reason, count) VALUES
                        ('prov-fs-a', 'fs-a', 'VISITS', '%1$s', 'occurredAt', 'is required', 1),
                        ('prov-fs-a', 'fs-a', 'VISITS', '%2$s', 'visitType', 'is required', 1),
                        ('prov-fs-a', 'fs-a', 'VISITS', '%3$s', 'visitType', 'is required', 1),
                        ('prov-fs-a', 'fs-a', 'VISITS', '%4$s', 'unitId', 'unknown unit', 50)"""
                    .formatted(today, today.minusDays(1), today.minusDays(2), today.minusDays(40)));
        }
        final String bearer = IngestHttp.create("prov-fs-a").bearer();
        // The last 28 days hold today and 3 days ago (10 + 5 received) but not 40 days ago; the top reason is
        // visitType (1 + 1) before occurredAt (1).
        given().header("Authorization", bearer)
                .when().get("/api/v1/providers/prov-fs-a/feed-status")
                .then().statusCode(200)
                .body("from", equalTo(today.minusDays(27).toString())).body("to", equalTo(today.toString()))
                .body("feeds.unitId", contains("fs-a")).body("feeds.feed", contains("VISITS"))
                .body("feeds[0].received", equalTo(15)).body("feeds[0].accepted", equalTo(13))
                .body("feeds[0].rejected", equalTo(2)).body("feeds[0].duplicates", equalTo(1))
                .body("feeds[0].corrected", equalTo(1)).body("feeds[0].deleted", equalTo(1))
                .body("feeds[0].late", equalTo(1))
                .body("feeds[0].topRejections.field", contains("visitType", "occurredAt"))
                .body("feeds[0].topRejections.count", contains(2, 1));
        // With 2 days: today and yesterday only (3 days ago is out), so 10 received and one reason of each.
        given().header("Authorization", bearer).queryParam("days", 2)
                .when().get("/api/v1/providers/prov-fs-a/feed-status")
                .then().statusCode(200).body("feeds[0].received", equalTo(10))
                .body("feeds[0].topRejections.field", contains("occurredAt", "visitType"));

        given().header("Authorization", bearer)
                .when().get("/api/v1/providers/prov-fs-b/feed-status")
                .then().statusCode(403).contentType("application/problem+json");
        given().when().get("/api/v1/providers/prov-fs-a/feed-status").then().statusCode(401);
        given().header("Authorization", bearer).queryParam("days", 0)
                .when().get("/api/v1/providers/prov-fs-a/feed-status")
                .then().statusCode(400).body("errors.field", contains("days"));
    }

    private void registerUnits() {
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            final Instant at = Instant.parse("2025-01-01T00:00:00Z");
            feed.unit("http-a", "prov-http-a", "org-a", "Org A", "PRIVATE", "region-test", at);
            feed.unit("http-b", "prov-http-b", "org-b", "Org B", "PRIVATE", "region-test", at);
            feed.flush();
        }
        ProviderFeed.awaitUnitsKnown(streams, "http-a", "http-b");
    }

    private List<ConsumerRecord<String, String>> records(final String topic) {
        return TopicContents.committed(bootstrapServers, topic);
    }
}
