package se.pks.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import se.pks.stream.testing.PackagedService;
import se.pks.stream.topics.Topics;

/**
 * The providers and units a steady load is sent for: half of the providers send over HTTP (each with its own token
 * from the admin API), half as Kafka producers, each provider with its own units. Every unit belongs to one path
 * only, so the events of a unit arrive in the order they were sent and the probe can tell which one became visible.
 */
final class LoadFleet {

    static final String UNIT_PREFIX = "load-";

    private final List<Provider> http = new ArrayList<>();
    private final List<Provider> kafka = new ArrayList<>();

    /** One provider: its id, its units and (HTTP only) its bearer token. */
    record Provider(String providerId, List<String> units, String token) {
    }

    /**
     * @param providersPerPath providers on each path; HTTP providers are limited per minute, so more of them spread a
     *     high rate under the limit
     */
    LoadFleet(final int providersPerPath, final int unitsPerProvider) {
        for (int p = 0; p < providersPerPath; p++) {
            http.add(provider("h", p, unitsPerProvider));
            kafka.add(provider("k", p, unitsPerProvider));
        }
    }

    private static Provider provider(final String path, final int index, final int unitsPerProvider) {
        final String tag = String.format("%s%02d", path, index);
        final List<String> units = new ArrayList<>();
        for (int u = 0; u < unitsPerProvider; u++) {
            units.add(String.format("%s%s-u%02d", UNIT_PREFIX, tag, u));
        }
        return new Provider("prov-load-" + tag, List.copyOf(units), null);
    }

    List<Provider> http() {
        return http;
    }

    List<Provider> kafka() {
        return kafka;
    }

    List<String> allUnits() {
        final List<String> units = new ArrayList<>();
        http.forEach(provider -> units.addAll(provider.units()));
        kafka.forEach(provider -> units.addAll(provider.units()));
        return units;
    }

    /**
     * Registers every unit on pks.units.v1, as the region's register would. Not idempotent: on an overloaded machine
     * the embedded broker can lose a producer's sequence state and an idempotent producer then retries forever,
     * while a registration sent twice is harmless.
     */
    void register(final String bootstrap) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false), new StringSerializer(), new StringSerializer())) {
            final long at = Instant.now().minus(Duration.ofDays(400)).toEpochMilli();
            for (final Provider provider : concat()) {
                for (final String unit : provider.units()) {
                    producer.send(new ProducerRecord<>(Topics.UNITS.name(), null, at, unit, """
                            {"unitId":"%s","name":"Load unit %s","providerId":"%s","organisationId":"org-load",\
                            "organisationName":"Load test organisation","ownership":"PRIVATE","regionId":"region-load"}\
                            """.formatted(unit, unit, provider.providerId())));
                }
            }
            producer.flush();
        }
    }

    /**
     * Waits until the service's register knows every unit (events for unknown units are rejected), then creates one
     * credential per HTTP provider with the admin API.
     */
    void awaitKnownAndIssueTokens(final PackagedService service, final Duration limit) throws Exception {
        final List<String> units = allUnits();
        final long deadline = System.nanoTime() + limit.toNanos();
        while (!allKnown(service, units)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The service did not know the load units within " + limit);
            }
            Thread.sleep(500);
        }
        final HttpClient client = HttpClient.newHttpClient();
        final ObjectMapper json = new ObjectMapper();
        for (int index = 0; index < http.size(); index++) {
            final Provider provider = http.get(index);
            final HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                            service.uri("/api/v1/admin/providers/" + provider.providerId() + "/credentials"))
                    .header("X-Admin-Key", PackagedService.ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("Creating a credential answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            http.set(index, new Provider(provider.providerId(), provider.units(),
                    json.readTree(answer.body()).get("token").asText()));
        }
    }

    private static boolean allKnown(final PackagedService service, final List<String> units) throws Exception {
        service.checkAlive();
        final HttpResponse<String> answer;
        try {
            answer = service.get("/api/v1/units");
        } catch (final IOException e) {
            return false;
        }
        if (answer.statusCode() != 200) {
            return false;
        }
        final Map<String, Boolean> known = new HashMap<>();
        for (final JsonNode unit : new ObjectMapper().readTree(answer.body())) {
            known.put(unit.get("unitId").asText(), true);
        }
        return units.stream().allMatch(known::containsKey);
    }

    private List<Provider> concat() {
        final List<Provider> all = new ArrayList<>(http);
        all.addAll(kafka);
        return all;
    }
}
