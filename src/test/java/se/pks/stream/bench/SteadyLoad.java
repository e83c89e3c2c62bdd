package se.pks.stream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import se.pks.stream.testing.PackagedService;
import se.pks.stream.topics.Topics;

/**
 * Sends first visits at a fixed rate, half over HTTP and half over Kafka, round-robin over the fleet's providers and
 * units. Each event is due at {@code start + n / rate}; the probe is told the due time, so a generator that falls
 * behind shows up as latency instead of hiding it. An HTTP provider posts what it has queued as one NDJSON batch, at
 * most once per {@link #HTTP_MIN_INTERVAL}, which keeps even 2,500 events/s under the default rate limit of 600
 * requests a minute per provider.
 */
final class SteadyLoad implements AutoCloseable {

    static final Duration HTTP_MIN_INTERVAL = Duration.ofMillis(120);
    private static final ZoneId REGION = ZoneId.of("Europe/Stockholm");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadFleet fleet;
    private final LatencyProbe probe;
    private final String occurredAt;
    private final String runTag;
    private final KafkaProducer<String, String> producer;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final PackagedService service;
    private final List<BlockingQueue<Pending>> queues = new ArrayList<>();
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Counters counters = new Counters();
    private long sequence;

    /** What went where: events per path, HTTP requests and their refusals, Kafka send failures. */
    static final class Counters {
        final AtomicLong httpEvents = new AtomicLong();
        final AtomicLong kafkaEvents = new AtomicLong();
        final AtomicLong httpRequests = new AtomicLong();
        final AtomicLong httpRejectedRecords = new AtomicLong();
        final AtomicLong httpTooManyRequests = new AtomicLong();
        final AtomicLong httpErrors = new AtomicLong();
        final AtomicLong kafkaErrors = new AtomicLong();

        long failures() {
            return httpRejectedRecords.get() + httpErrors.get() + kafkaErrors.get();
        }

        @Override
        public String toString() {
            return String.format("%,d over HTTP in %,d requests (%d records rejected, %d answered 429, %d errors), "
                    + "%,d over Kafka (%d send failures)", httpEvents.get(), httpRequests.get(),
                    httpRejectedRecords.get(), httpTooManyRequests.get(), httpErrors.get(), kafkaEvents.get(),
                    kafkaErrors.get());
        }
    }

    private record Pending(String unit, String json) {
    }

    /**
     * @param week   the ISO week (its Monday) every event falls in; the probe watches the same week
     * @param runTag makes event ids unique across runs against the same service
     */
    SteadyLoad(final PackagedService service, final String bootstrap, final LoadFleet fleet, final LatencyProbe probe,
            final LocalDate week, final String runTag) {
        this.service = service;
        this.fleet = fleet;
        this.probe = probe;
        this.runTag = runTag;
        this.occurredAt = week.plusDays(2).atTime(LocalTime.of(10, 0)).atZone(REGION)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
        for (final LoadFleet.Provider provider : fleet.http()) {
            final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            senders.add(Thread.ofPlatform().name("http-" + provider.providerId())
                    .start(() -> postLoop(provider, queue)));
        }
    }

    Counters counters() {
        return counters;
    }

    /** Sends at {@code perSecond} for {@code duration}, on the calling thread; returns when the last is due. */
    void run(final double perSecond, final Duration duration) throws InterruptedException {
        final long start = System.nanoTime();
        final long total = (long) (perSecond * duration.toNanos() / 1e9);
        final double interval = 1e9 / perSecond;
        for (long n = 0; n < total; ) {
            final long now = System.nanoTime();
            while (n < total && start + (long) (n * interval) <= now) {
                emit(start + (long) (n * interval));
                n++;
            }
            Thread.sleep(1);
        }
    }

    private void emit(final long due) {
        final long n = sequence++;
        final long perPath = n / 2;
        final boolean http = n % 2 == 0;
        final List<LoadFleet.Provider> providers = http ? fleet.http() : fleet.kafka();
        final int providerIndex = (int) (perPath % providers.size());
        final LoadFleet.Provider provider = providers.get(providerIndex);
        final String unit = provider.units().get((int) (perPath / providers.size() % provider.units().size()));
        final String json = """
                {"eventId":"%s-%d","providerId":"%s","unitId":"%s","occurredAt":"%s","visitType":"FIRST"}"""
                .formatted(runTag, n, provider.providerId(), unit, occurredAt);
        probe.sent(unit, due);
        if (http) {
            counters.httpEvents.incrementAndGet();
            queues.get(providerIndex).add(new Pending(unit, json));
        } else {
            counters.kafkaEvents.incrementAndGet();
            producer.send(new ProducerRecord<>(Topics.VISITS.name(), unit, json), (metadata, error) -> {
                if (error != null) {
                    counters.kafkaErrors.incrementAndGet();
                }
            });
        }
    }

    private void postLoop(final LoadFleet.Provider provider, final BlockingQueue<Pending> queue) {
        long lastPost = 0;
        try {
            while (!stopping.get() || !queue.isEmpty()) {
                final Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                final long wait = lastPost + HTTP_MIN_INTERVAL.toNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                final List<Pending> batch = new ArrayList<>(List.of(first));
                queue.drainTo(batch);
                lastPost = System.nanoTime();
                post(provider, batch);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Posts one batch until it is answered 200; a 429 waits for Retry-After, anything else a second. */
    private void post(final LoadFleet.Provider provider, final List<Pending> batch) throws InterruptedException {
        final StringBuilder body = new StringBuilder();
        batch.forEach(pending -> body.append(pending.json()).append('\n'));
        final HttpRequest request = HttpRequest.newBuilder(service.uri("/api/v1/events/visits"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + provider.token())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        while (true) {
            counters.httpRequests.incrementAndGet();
            try {
                final HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    final JsonNode report = JSON.readTree(answer.body());
                    counters.httpRejectedRecords.addAndGet(report.get("rejected").asLong());
                    return;
                }
                if (answer.statusCode() == 429) {
                    counters.httpTooManyRequests.incrementAndGet();
                    Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
                    continue;
                }
                counters.httpErrors.incrementAndGet();
            } catch (final IOException e) {
                counters.httpErrors.incrementAndGet();
            }
            Thread.sleep(1000);
        }
    }

    /** Lets the senders post what is queued, then stops them. */
    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        for (final Thread sender : senders) {
            sender.join(Duration.ofSeconds(60));
        }
        producer.close(Duration.ofSeconds(30));
    }
}
