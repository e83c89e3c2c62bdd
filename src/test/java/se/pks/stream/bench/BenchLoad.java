package se.pks.stream.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import se.pks.stream.demo.DemoRecord;
import se.pks.stream.demo.DemoRegion;
import se.pks.stream.demo.DemoSettings;
import se.pks.stream.demo.NationalLoad;
import se.pks.stream.model.Plan;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * Generates the national load region by region and produces it to the broker, all regions' events together in the
 * order they were sent, and writes the same events and plans as PostgreSQL COPY files for the SQL peer. The register,
 * calendar and plans of every region go first, stamped a day before the year, so that every unit and plan is known
 * before its first event (as in {@link DemoRegion#records()}).
 */
final class BenchLoad {

    private final DemoSettings settings;
    private final int regions;
    private final Path workDir;
    /** Events sent from this moment on are held back as the incremental week (step 6). */
    private final Instant weekFrom;
    private final List<DemoRecord> weekEvents = new ArrayList<>();
    private long sequence;

    BenchLoad(final DemoSettings settings, final int regions, final Path workDir, final Instant weekFrom) {
        this.settings = settings;
        this.regions = regions;
        this.workDir = workDir;
        this.weekFrom = weekFrom;
    }

    Path rawEvents() {
        return workDir.resolve("raw-events.tsv");
    }

    /** The incremental week's events, numbered after the year's, for the SQL peer's recomputation. */
    Path rawWeekEvents() {
        return workDir.resolve("raw-week-events.tsv");
    }

    Path plans() {
        return workDir.resolve("plans.tsv");
    }

    /** The shared topics, and the output topics of each application id a run will start, as a platform would. */
    static void createTopics(final String bootstrap, final int partitions, final String... applicationIds)
            throws Exception {
        final List<Topic<?, ?>> all = new ArrayList<>(Topics.SHARED);
        for (final String applicationId : applicationIds) {
            all.addAll(OutputTopics.of(applicationId).all());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            final List<NewTopic> topics = all.stream()
                    .map(topic -> new NewTopic(topic.name(), partitions, (short) 1).configs(topic.configs()))
                    .toList();
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        }
    }

    /**
     * Waits until every partition of the new topics has a leader: produced to at once, the first batches met
     * NOT_LEADER_OR_FOLLOWER and, retried, OUT_OF_ORDER_SEQUENCE_NUMBER, which failed them.
     */
    private static void awaitLeaders(final Admin admin, final List<String> names) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            final boolean led = admin.describeTopics(names).allTopicNames().get().values().stream()
                    .allMatch(topic -> topic.partitions().stream().allMatch(partition -> partition.leader() != null));
            if (led) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark's topics have partitions without a leader after 60 s");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Produces the register, calendars and plans of every year the settings touch, and the events sent before
     * {@code weekFrom}; returns the counts: units, plan rows, events. Later events are kept for {@link #produceWeek}.
     */
    LoadCounts produce(final String bootstrap) throws IOException {
        final NationalLoad national = new NationalLoad(settings);
        final Instant registeredAt = settings.firstDay().minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        int units = 0;
        int plans = 0;
        final long events;
        final SendFailures failures = new SendFailures();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(bootstrap),
                new StringSerializer(), new StringSerializer());
             BufferedWriter rawOut = Files.newBufferedWriter(rawEvents());
             BufferedWriter planOut = Files.newBufferedWriter(plans())) {
            // Reference data of all regions first, then the events of all regions merged in the order sent, as the
            // feeds of a country arrive (see TimeOrderedMerge for why memory stays bounded).
            for (int index = 0; index < regions; index++) {
                final DemoRegion region = national.reference(index);
                sendReference(producer, region, registeredAt, failures);
                writePlans(planOut, region);
                units += region.units().size();
                plans += region.plans().size();
            }
            producer.flush();
            final TimeOrderedMerge merge = new TimeOrderedMerge(workDir.resolve("regions"));
            for (int index = 0; index < regions; index++) {
                merge.add(national.region(index).events());
            }
            final long merged = merge.merge(event -> {
                if (event.receivedAt().isBefore(weekFrom)) {
                    send(producer, event, event.receivedAt(), failures);
                    writeRaw(rawOut, event);
                } else {
                    weekEvents.add(event);
                }
            });
            events = merged - weekEvents.size();
            producer.flush();
        }
        failures.check("the year's register, plans and events");
        try (BufferedWriter weekOut = Files.newBufferedWriter(rawWeekEvents())) {
            for (final DemoRecord event : weekEvents) {
                writeRaw(weekOut, event);
            }
        }
        return new LoadCounts(units, plans, events);
    }

    /** Events sent in the held-back week (late ones, corrections and deletions of earlier events included). */
    int weekEventCount() {
        return weekEvents.size();
    }

    /**
     * Produces the held-back week into the running service, as providers would send it; returns when the broker has
     * acknowledged every record.
     */
    void produceWeek(final String bootstrap) {
        final SendFailures failures = new SendFailures();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (final DemoRecord event : weekEvents) {
                send(producer, event, event.receivedAt(), failures);
            }
            producer.flush();
        }
        failures.check("the held-back week");
    }

    /**
     * A region's register, calendar and plans, stamped {@code registeredAt} (before its first event, see
     * {@link DemoRegion#records()}).
     */
    static void sendReference(final KafkaProducer<String, String> producer, final DemoRegion region,
            final Instant registeredAt, final SendFailures failures) {
        for (final DemoRecord record : reference(region)) {
            send(producer, record, registeredAt, failures);
        }
    }

    /** A region's register, calendar and plans, in the order they are produced. */
    static List<DemoRecord> reference(final DemoRegion region) {
        final List<DemoRecord> records = region.records();
        return records.subList(0, records.size() - region.events().size());
    }

    /** A region's plans as COPY rows for the SQL peer. */
    static void writePlans(final BufferedWriter planOut, final DemoRegion region) throws IOException {
        for (final Plan plan : region.plans()) {
            planOut.write(String.join("\t", plan.unitId(), plan.measure(), plan.planKind().name(),
                    plan.granularity().name(), plan.periodStart().toString(), Double.toString(plan.value())));
            planOut.newLine();
        }
    }

    /** One raw event for the SQL peer, numbered in the order sent: the peer's "last version wins" reads the number. */
    void writeRaw(final BufferedWriter out, final DemoRecord event) throws IOException {
        out.write(Long.toString(sequence++));
        out.write('\t');
        out.write(event.topic());
        out.write('\t');
        out.write(event.receivedAt().toString());
        out.write('\t');
        out.write(copyText(event.json()));
        out.newLine();
    }

    static void send(final KafkaProducer<String, String> producer, final DemoRecord record,
            final Instant timestamp, final SendFailures failures) {
        producer.send(new ProducerRecord<>(record.topic(), null, timestamp.toEpochMilli(), record.key(),
                record.json()), failures);
    }

    /** COPY's text format treats backslash as an escape character; JSON escapes must survive it. */
    private static String copyText(final String json) {
        return json.replace("\\", "\\\\");
    }

    static Map<String, Object> producerProperties(final String bootstrap) {
        final Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return properties;
    }

    record LoadCounts(int units, int plans, long events) {
    }

}
