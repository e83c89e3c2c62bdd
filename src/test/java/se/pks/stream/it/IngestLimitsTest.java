package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limits of HTTP ingestion against the running service, broker and database: body size and record count at and
 * just over their limits, the per-provider rate limit, the connection limit, and fairness: one provider flooding the
 * API gets 429s while another provider's requests keep being answered promptly.
 */
@QuarkusTest
@TestProfile(IngestLimitsProfile.class)
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class IngestLimitsTest {

    /** EventsResource's limits, restated here so that a change to them is a deliberate change to this test. */
    private static final int MAX_BODY_BYTES = 5 * 1024 * 1024;
    private static final int MAX_RECORDS = 10_000;
    /** What provider B may wait for an answer while A floods: generous for a loaded 2-core build machine. */
    private static final Duration FAIR_ANSWER = Duration.ofSeconds(5);

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    private static String visit(final String eventId, final String provider, final String unit) {
        return """
                {"eventId":"%s","providerId":"%s","unitId":"%s","occurredAt":"2025-03-04T09:15:00+01:00",\
                "visitType":"FIRST"}""".formatted(eventId, provider, unit);
    }

    @Test
    void aBodyAtTheLimitIsReadAndOneByteMoreIsRefusedNamingTheLimit() {
        registerUnits("lim-size");
        final String bearer = IngestHttp.create("prov-lim-size").bearer();
        final String event = visit("size-1", "prov-lim-size", "lim-size");
        final String padded = "[" + event + " ".repeat(MAX_BODY_BYTES - event.length() - 2) + "]";
        assertEquals(MAX_BODY_BYTES, padded.getBytes(StandardCharsets.UTF_8).length);
        given().header("Authorization", bearer).contentType("application/json").body(padded)
                .when().post("/api/v1/events/visits")
                .then().statusCode(200).body("records", equalTo(1)).body("accepted", equalTo(1));
        given().header("Authorization", bearer).contentType("application/json").body(padded + " ")
                .when().post("/api/v1/events/visits")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413))
                .body("detail", containsString(MAX_BODY_BYTES + " bytes"));
    }

    @Test
    void tenThousandRecordsAreReadAndOneMoreIsRefusedNamingTheLimit() {
        final String bearer = IngestHttp.create("prov-lim-count").bearer();
        given().header("Authorization", bearer).contentType("application/json")
                .body("[" + String.join(",", Collections.nCopies(MAX_RECORDS, "{}")) + "]")
                .when().post("/api/v1/events/visits")
                .then().statusCode(200).body("records", equalTo(MAX_RECORDS)).body("rejected", equalTo(MAX_RECORDS));
        given().header("Authorization", bearer).contentType("application/x-ndjson")
                .body(String.join("\n", Collections.nCopies(MAX_RECORDS + 1, "{}")).getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/events/visits")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString(MAX_RECORDS + " records"));
    }

    @Test
    void aBodyOverTheHttpLayersLimitIsRefusedBeforeItIsRead() throws IOException {
        // quarkus.http.limits.max-body-size (11M): the server answers from the declared length alone, so a client
        // that announces too much is refused without sending a byte of the body.
        final String bearer = IngestHttp.create("prov-lim-http").bearer();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/events/visits HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + bearer + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + 12 * 1024 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            final String head = readHead(socket.getInputStream());
            assertTrue(head != null && head.startsWith("HTTP/1.1 413"), "answered " + head);
        }
    }

    @Test
    void aProviderOverItsRateIsAnswered429WithRetryAfterAndLaterServedAgain() throws Exception {
        registerUnits("lim-rate");
        final String token = IngestHttp.create("prov-lim-rate").token();
        final String body = "[" + visit("rate-1", "prov-lim-rate", "lim-rate") + "]";
        // One client, so the requests share a connection instead of taking one each.
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            final Instant started = Instant.now();
            int served = 0;
            HttpResponse<String> refused = null;
            while (refused == null && served < 10 * IngestLimitsProfile.REQUESTS_PER_MINUTE) {
                final HttpResponse<String> answer = post(client, token, body);
                if (answer.statusCode() == 429) {
                    refused = answer;
                } else {
                    assertEquals(200, answer.statusCode(), answer.body());
                    served++;
                }
            }
            final long seconds = Duration.between(started, Instant.now()).toSeconds() + 1;
            assertTrue(refused != null, "no 429 after " + served + " requests");
            // A full bucket of a minute's requests, plus one a second for the time the loop took.
            assertTrue(served >= IngestLimitsProfile.REQUESTS_PER_MINUTE, "served " + served);
            assertTrue(served <= IngestLimitsProfile.REQUESTS_PER_MINUTE + seconds, "served " + served + " in "
                    + seconds + " s");
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(429, JsonPath.from(refused.body()).getInt("status"));
            assertTrue(JsonPath.from(refused.body()).getString("detail").contains("at most 60 requests per minute"),
                    refused.body());
            final int retryAfter = Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);

            Thread.sleep(Duration.ofSeconds(retryAfter));
            final HttpResponse<String> again = post(client, token, body);
            assertEquals(200, again.statusCode(), again.body());
        }
    }

    @Test
    void aFloodFromOneProviderDoesNotStarveAnother() throws Exception {
        registerUnits("lim-flood", "lim-calm");
        final String flooder = IngestHttp.create("prov-lim-flood").token();
        final String calm = IngestHttp.create("prov-lim-calm").token();
        final int calmRequests = 12;
        final int flooders = 12;
        final ConcurrentHashMap<Integer, AtomicInteger> floodAnswers = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> calmMillis = new ConcurrentLinkedQueue<>();
        final List<String> calmFailures = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong sequence = new AtomicLong();
        final AtomicBoolean calmDone = new AtomicBoolean();
        final long started = System.nanoTime();
        final ExecutorService threads = Executors.newFixedThreadPool(flooders + 1);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            final List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < flooders; t++) {
                running.add(threads.submit(() -> {
                    while (!calmDone.get()) {
                        final HttpResponse<String> answer = post(client, flooder,
                                batch("flood", "prov-lim-flood", "lim-flood", sequence, 20));
                        floodAnswers.computeIfAbsent(answer.statusCode(), status -> new AtomicInteger())
                                .incrementAndGet();
                    }
                    return null;
                }));
            }
            running.add(threads.submit(() -> {
                // The flood gets a head start, so that the calm provider's requests all meet a full flood.
                Thread.sleep(1000);
                for (int request = 0; request < calmRequests; request++) {
                    final long sent = System.nanoTime();
                    final HttpResponse<String> answer = post(client, calm,
                            batch("calm", "prov-lim-calm", "lim-calm", sequence, 20));
                    calmMillis.add((System.nanoTime() - sent) / 1_000_000);
                    if (answer.statusCode() != 200 || !answer.body().contains("\"accepted\":20")) {
                        calmFailures.add(answer.statusCode() + " " + answer.body());
                    }
                    Thread.sleep(250);
                }
                calmDone.set(true);
                return null;
            }));
            for (final Future<?> thread : running) {
                thread.get();
            }
        } finally {
            threads.shutdownNow();
        }
        final long floodSeconds = (System.nanoTime() - started) / 1_000_000_000 + 1;
        final int floodServed = floodAnswers.getOrDefault(200, new AtomicInteger()).get();
        final int floodRefused = floodAnswers.getOrDefault(429, new AtomicInteger()).get();
        assertTrue(floodRefused > 0, "the flood was refused at its limit: " + floodAnswers);
        assertTrue(floodServed <= IngestLimitsProfile.REQUESTS_PER_MINUTE + floodSeconds,
                "the flood was served within its limit: " + floodAnswers);
        assertEquals(Collections.emptyList(), calmFailures, "every request of the calm provider accepted");
        assertEquals(calmRequests, calmMillis.size());
        System.out.printf("Flood of %d s: answers %s; the calm provider's answers took %s ms%n", floodSeconds,
                floodAnswers, calmMillis);
        final long slowest = calmMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(slowest < FAIR_ANSWER.toMillis(), "the calm provider's slowest answer took " + slowest
                + " ms; all: " + calmMillis + "; flood: " + floodAnswers);
    }

    @Test
    void connectionsOverTheLimitAreClosedAndServedAgainOnceOthersClose() throws Exception {
        // Connections earlier requests left open are closed by the server once idle for the profile's timeout.
        Thread.sleep(IngestLimitsProfile.IDLE_TIMEOUT.plusSeconds(1));
        final List<Socket> open = new ArrayList<>();
        boolean refused = false;
        try {
            // Keep-alive connections, each proven served, until the server closes a new one unanswered.
            for (int n = 0; n <= IngestLimitsProfile.MAX_CONNECTIONS && !refused; n++) {
                final Socket socket = new Socket(base.getHost(), base.getPort());
                socket.setSoTimeout(10_000);
                if (liveness(socket)) {
                    open.add(socket);
                } else {
                    socket.close();
                    refused = true;
                }
            }
            assertTrue(refused, "a connection over the limit is closed; " + open.size() + " were served");
            assertEquals(IngestLimitsProfile.MAX_CONNECTIONS, open.size(), "connections served up to the limit");
            // The ones already open are still served.
            assertTrue(liveness(open.getFirst()), "an open connection keeps being served");
        } finally {
            for (final Socket socket : open) {
                socket.close();
            }
        }
        // Once connections close, new ones are served again (the server notices the close asynchronously).
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean servedAgain = false;
        while (!servedAgain && System.nanoTime() < deadline) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(10_000);
                servedAgain = liveness(socket);
            }
            if (!servedAgain) {
                Thread.sleep(200);
            }
        }
        assertTrue(servedAgain, "a new connection is served once the others have closed");
    }

    /** Sends a liveness check on the connection; true when answered 200, false when the server closed it. */
    private static boolean liveness(final Socket socket) throws IOException {
        try {
            final OutputStream out = socket.getOutputStream();
            out.write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final String head = readHead(in);
            if (head == null) {
                return false;
            }
            final int length = contentLength(head);
            in.readNBytes(length);
            return head.startsWith("HTTP/1.1 200");
        } catch (final SocketException e) {
            // reset by the server
            return false;
        }
    }

    /** The status line and headers, or null when the connection ended before any. */
    private static String readHead(final InputStream in) throws IOException {
        final StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                return head.toString();
            }
        }
        return head.isEmpty() ? null : head.toString();
    }

    private static int contentLength(final String head) {
        for (final String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }

    private static String batch(final String prefix, final String provider, final String unit, final AtomicLong sequence,
            final int size) {
        final List<String> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(visit(prefix + "-" + sequence.incrementAndGet(), provider, unit));
        }
        return "[" + String.join(",", events) + "]";
    }

    private HttpResponse<String> post(final HttpClient client, final String token, final String body)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve("/api/v1/events/visits"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void registerUnits(final String... units) {
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            final Instant at = Instant.parse("2025-01-01T00:00:00Z");
            for (final String unit : units) {
                feed.unit(unit, "prov-" + unit, "org-" + unit, "Org " + unit, "PRIVATE", "region-test", at);
            }
            feed.flush();
        }
        ProviderFeed.awaitUnitsKnown(streams, units);
    }
}
