package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated malformed bodies against the ingestion endpoint: bad input is never a 500, every answer says
 * why, and the service still answers afterwards. The generator is seeded, so a failure can be replayed.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class IngestFuzzTest {

    // A fixed number, not a time budget: how many a loaded machine gets through says nothing about the answers.
    private static final int BODIES = 1000;
    private static final String VALID = """
            {"eventId":"fz-1","providerId":"prov-fuzz","unitId":"fuzz-unit",\
            "occurredAt":"2025-03-04T09:15:00+01:00","visitType":"FIRST"}""";
    private static final List<String> FEEDS = List.of("visits", "operations", "bed-occupancy", "waiting-list");

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void noMalformedBodyIsAnsweredWithAServerError() {
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            feed.unit("fuzz-unit", "prov-fuzz", "org-f", "Org F", "PRIVATE", "region-test", Instant.now());
            feed.flush();
        }
        ProviderFeed.awaitUnitsKnown(streams, "fuzz-unit");
        IngestHttp.readProblemDetailsAsJson();
        final String bearer = IngestHttp.create("prov-fuzz").bearer();
        final Random random = new Random(20_250_304L);
        int sent = 0;
        while (sent < BODIES) {
            final boolean ndjson = random.nextBoolean();
            final byte[] body = body(random, ndjson);
            final Response response = given().header("Authorization", bearer)
                    .contentType(ndjson ? "application/x-ndjson" : "application/json").body(body)
                    .when().post("/api/v1/events/" + FEEDS.get(random.nextInt(FEEDS.size())));
            assertAnswered(response, body);
            sent++;
        }

        given().header("Authorization", bearer).contentType("application/json").body("[" + VALID + "]")
                .when().post("/api/v1/events/visits")
                .then().statusCode(200).body("results[0].status", equalTo("ACCEPTED"));
    }

    private static void assertAnswered(final Response response, final byte[] body) {
        final int status = response.statusCode();
        final String replay = "status " + status + " for body " + new String(body, StandardCharsets.UTF_8);
        assertTrue(status == 200 || status == 400 || status == 413, replay);
        final JsonPath answer = response.jsonPath();
        if (status == 200) {
            final List<Map<String, Object>> results = answer.getList("results");
            for (final Map<String, Object> result : results) {
                if ("REJECTED".equals(result.get("status"))) {
                    assertFalse(((List<?>) result.get("reasons")).isEmpty(), replay);
                }
            }
        } else {
            assertFalse(answer.getString("detail").isBlank(), replay);
        }
    }

    private static byte[] body(final Random random, final boolean ndjson) {
        final String text = switch (random.nextInt(9)) {
            case 0 -> new String(randomBytes(random), StandardCharsets.ISO_8859_1);
            case 1 -> wrap(VALID.substring(0, random.nextInt(VALID.length())), ndjson);
            case 2 -> wrap(VALID.replace("\"FIRST\"", typeConfusion(random)), ndjson);
            case 3 -> wrap(VALID.replace("\"fz-1\"", "1" + "9".repeat(random.nextInt(2000)) + "e99999"), ndjson);
            case 4 -> wrap("[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(3000)), ndjson);
            case 5 -> wrap(VALID.replace("fuzz-unit", "fuzz\u0000unit").replace("FIRST", "FI\u0000RST"), ndjson);
            case 6 -> wrap(VALID.replace("2025-03-04T09:15:00+01:00", randomText(random)), ndjson);
            case 7 -> wrap(mutate(VALID, random), ndjson);
            default -> wrap("{\"a\":".repeat(random.nextInt(2000)) + "1" + "}".repeat(random.nextInt(2000)), ndjson);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String wrap(final String record, final boolean ndjson) {
        return ndjson ? record + "\n" + record : "[" + record + "," + record + "]";
    }

    private static String typeConfusion(final Random random) {
        return List.of("1", "-1e308", "true", "null", "[]", "{}", "\"\"", "1e400", "\"811218-9876\"")
                .get(random.nextInt(9));
    }

    private static String mutate(final String text, final Random random) {
        final char[] chars = text.toCharArray();
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
        }
        return new String(chars);
    }

    private static String randomText(final Random random) {
        return new String(randomBytes(random), StandardCharsets.UTF_8).replace("\"", "");
    }

    private static byte[] randomBytes(final Random random) {
        final byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }
}
