package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.Topics;

/**
 * The same batches delivered again, over HTTP (the same request posted three times) and over Kafka (every record
 * produced twice by one producer, then the whole batch again by a second producer, as a provider that lost its
 * acknowledgements would), change no figure: each event counts once, and the data-quality register counts the
 * copies as duplicates.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class RedeliveryTest {

    private static final Instant RECEIVED = Instant.parse("2025-01-20T12:00:00Z");

    @Inject
    KafkaStreams streams;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    void resentBatchesChangeNoFigureAndCountAsDuplicates() throws Exception {
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            feed.unit("rd-u1", "prov-rd", "org-rd", "Org RD", "PUBLIC", "region-rd", RECEIVED);
            feed.flush();
            ProviderFeed.awaitUnitsKnown(streams, "rd-u1");
            feed.plan("rd-u1", "first_visits", "TARGET", "WEEK", "2025-01-06", 10, RECEIVED);
            feed.plan("rd-u1", "return_visits", "TARGET", "WEEK", "2025-01-06", 2, RECEIVED);
            feed.flush();

            // HTTP: one batch of 5 first visits on 7 January, posted three times; every answer accepts all five.
            final String token = IngestHttp.create("prov-rd").bearer();
            final StringBuilder batch = new StringBuilder("[");
            for (int i = 1; i <= 5; i++) {
                batch.append(i == 1 ? "" : ",").append(visit("rd-h-" + i, "2025-01-07T10:00:00+01:00", "FIRST"));
            }
            final String body = batch.append(']').toString();
            for (int attempt = 0; attempt < 3; attempt++) {
                given().header("Authorization", token).contentType("application/json").body(body)
                        .when().post("/api/v1/events/visits")
                        .then().statusCode(200).body("accepted", equalTo(5)).body("rejected", equalTo(0));
            }

            // Kafka: 3 first and 1 return visit on 8 January, each record produced twice in a row, then the whole
            // batch again from a second producer (a new producer id, so the broker cannot drop it as a retry).
            final List<String> kafkaBatch = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                kafkaBatch.add(visit("rd-k-" + i, "2025-01-08T10:00:00+01:00", "FIRST"));
            }
            kafkaBatch.add(visit("rd-k-4", "2025-01-08T11:00:00+01:00", "RETURN"));
            for (final String record : kafkaBatch) {
                feed.send(Topics.VISITS.name(), "rd-u1", record, RECEIVED);
                feed.send(Topics.VISITS.name(), "rd-u1", record, RECEIVED);
            }
            feed.flush();
            try (ProviderFeed again = new ProviderFeed(bootstrapServers)) {
                kafkaBatch.forEach(record -> again.send(Topics.VISITS.name(), "rd-u1", record, RECEIVED));
                again.flush();
            }
        }

        // Each event once: 5 (HTTP) + 3 (Kafka) first visits and 1 return visit in the week of 6 January.
        final Set<String> figures = new TreeSet<>(Set.of(
                "WEEK|2025-01-06|rd-u1|first_visits=8.0000", "MONTH|2025-01-01|rd-u1|first_visits=8.0000",
                "WEEK|2025-01-06|rd-u1|return_visits=1.0000", "MONTH|2025-01-01|rd-u1|return_visits=1.0000"));
        final Set<String> deviations = new TreeSet<>(Set.of(
                "rd-u1|first_visits|TARGET|WEEK|2025-01-06=8.0000,10.0000",
                "rd-u1|return_visits|TARGET|WEEK|2025-01-06=1.0000,2.0000"));
        // Received 5 x 3 over HTTP + 4 x 3 over Kafka = 27, every copy passes the checks (the register's
        // "accepted"), and the ledger finds 18 of them to be duplicates of the first 9.
        final String register = "received=27 accepted=27 duplicates=18 rejected=0 corrected=0";
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                    ReliabilityFigures.measureValues(dataSource, "rd-").equals(figures)
                            && ReliabilityFigures.deviations(dataSource, "rd-").equals(deviations)
                            && register().equals(register));
        } catch (final ConditionTimeoutException e) {
            // The assertions below say what differs.
        }
        assertEquals(figures, ReliabilityFigures.measureValues(dataSource, "rd-"));
        assertEquals(deviations, ReliabilityFigures.deviations(dataSource, "rd-"));
        assertEquals(register, register());
        // The same count on the Prometheus metric the operations dashboard shows.
        final String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertEquals(18.0, metric(metrics, "pks_feed_records_total{feed=\"VISITS\",outcome=\"DUPLICATE\",provider=\"prov-rd\"}"));
        assertEquals(KafkaStreams.State.RUNNING, streams.state());
    }

    private String register() throws Exception {
        return "received=" + sum("received") + " accepted=" + sum("accepted") + " duplicates=" + sum("duplicates")
                + " rejected=" + sum("rejected") + " corrected=" + sum("corrected");
    }

    private long sum(final String column) throws Exception {
        return ReliabilityFigures.count(dataSource, "SELECT coalesce(sum(" + column
                + "), 0) FROM pks.feed_quality WHERE provider_id = 'prov-rd'");
    }

    private static double metric(final String metrics, final String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(Double.NaN);
    }

    private static String visit(final String eventId, final String occurredAt, final String visitType) {
        return """
                {"eventId":"%s","providerId":"prov-rd","unitId":"rd-u1","occurredAt":"%s","visitType":"%s"}"""
                .formatted(eventId, occurredAt, visitType);
    }
}
