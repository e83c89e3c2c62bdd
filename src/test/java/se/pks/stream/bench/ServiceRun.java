package se.pks.stream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import se.pks.stream.local.EmbeddedDatabase;
import se.pks.stream.testing.PackagedService;
import se.pks.stream.topics.OutputTopics;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * Runs the packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a separate JVM against the loaded
 * broker and database, as production would run it, and watches it until the replay is complete: Kafka Streams has
 * committed every record it reads (events and its own repartition topic), its figure and deviation topics have
 * stopped growing, and, with the sink, the sink has read everything the stream wrote and pks.measure_value and
 * pks.deviation have stopped changing. Its own JVM makes its heap measurable apart from the harness.
 */
final class ServiceRun {

    /** Polls without change (one a second) before the replay counts as finished. */
    private static final int QUIET_POLLS = 5;
    private static final Duration LIMIT = Duration.ofMinutes(90);

    private final String bootstrap;
    private final EmbeddedDatabase database;
    private final Path postgresDataDir;
    private final Path workDir;

    ServiceRun(final String bootstrap, final EmbeddedDatabase database, final Path postgresDataDir,
            final Path workDir) {
        this.bootstrap = bootstrap;
        this.database = database;
        this.postgresDataDir = postgresDataDir;
        this.workDir = workDir;
    }

    /**
     * @param withSink false to switch the database sink off and stop once Kafka Streams has committed every record
     *     it reads and its figures and deviations: the stream's own throughput, for comparing processing guarantees
     */
    Result replay(final String guarantee, final String applicationId, final boolean withSink) throws Exception {
        try (Running service = start(guarantee, applicationId, withSink)) {
            return service.awaitReplay();
        }
    }

    /** Launches the service; the caller waits with the handle and stops it by closing it. */
    Running start(final String guarantee, final String applicationId, final boolean withSink) throws IOException {
        final Path stateDir = workDir.resolve("state-" + applicationId);
        final List<String> options = new ArrayList<>(List.of(
                "-Dkafka-streams.processing.guarantee=" + guarantee,
                "-Dpks.sink.enabled=" + withSink));
        // e.g. a flight recording per replay: PKS_BENCH_SERVICE_OPTS=-XX:StartFlightRecording=filename=target/{app}.jfr
        final String extra = System.getenv("PKS_BENCH_SERVICE_OPTS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().replace("{app}", applicationId).split("\\s+")));
        }
        final long launched = System.currentTimeMillis();
        final PackagedService service = PackagedService.start(new PackagedService.Launch(applicationId, bootstrap,
                database, applicationId, stateDir, 0, workDir.resolve("service-" + applicationId + ".log"), options));
        return new Running(service, applicationId, guarantee, withSink, stateDir, launched,
                new CpuMeter(service, postgresDataDir));
    }

    /** A launched service: wait for a replay or an increment to be written, then close to stop it. */
    final class Running implements AutoCloseable {

        private final PackagedService service;
        private final String applicationId;
        /** The figure and deviation topics this application id writes, and no other run does. */
        private final List<String> figureTopics;
        /** Under exactly-once the stream's own topics end with a commit marker, which no consumer commits past. */
        private final boolean transactional;
        private final boolean withSink;
        private final Path stateDir;
        private final long launched;
        private final HeapSampler heap;
        private final CpuMeter cpu;
        private final CpuMeter.Snapshot cpuAtLaunch;

        private Running(final PackagedService service, final String applicationId, final String guarantee,
                final boolean withSink, final Path stateDir, final long launched, final CpuMeter cpu) {
            this.service = service;
            this.applicationId = applicationId;
            final OutputTopics outputs = OutputTopics.of(applicationId);
            this.figureTopics = List.of(outputs.measureValues().name(), outputs.deviations().name());
            this.transactional = guarantee.startsWith("exactly_once");
            this.withSink = withSink;
            this.stateDir = stateDir;
            this.launched = launched;
            this.heap = new HeapSampler(service.uri("/q/metrics"));
            this.cpu = cpu;
            this.cpuAtLaunch = cpu.now();
        }

        /**
         * Waits until everything loaded is committed and the figures and deviations it leads to are published (and,
         * with the sink, written and settled).
         */
        Result awaitReplay() throws Exception {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                 Connection db = DriverManager.getConnection(database.jdbcUrl(), "pks", "pks")) {
                final StreamsStart streamsStart = new StreamsStart(service);
                Progress previous = null;
                int quiet = 0;
                long streamsCaughtUp = 0;
                long settledSince = 0;
                final long deadline = launched + LIMIT.toMillis();
                while (System.currentTimeMillis() < deadline) {
                    service.checkAlive();
                    Thread.sleep(1000);
                    heap.sample();
                    streamsStart.poll();
                    final Progress now = withSink ? progressOnceMigrated(admin, db)
                            : streamProgress(admin);
                    if (now.streamsLag() == 0 && streamsCaughtUp == 0) {
                        streamsCaughtUp = System.currentTimeMillis();
                    }
                    final boolean same = now.settled() && now.equals(previous);
                    if (!same) {
                        settledSince = System.currentTimeMillis();
                    }
                    quiet = same ? quiet + 1 : 0;
                    previous = now;
                    if (quiet >= QUIET_POLLS) {
                        final CpuMeter.Usage used = cpu.since(cpuAtLaunch);
                        // Stream only: done when the last figure was published, the first poll of the quiet ones.
                        return withSink
                                ? new Result(launched, streamsStart.runningAt(), now.firstWrite(), streamsCaughtUp,
                                        now.lastWrite(), now.measureValues(), now.deviations(), heap.peakBytes(),
                                        directorySize(stateDir), used)
                                : new Result(launched, streamsStart.runningAt(), 0, settledSince, settledSince, 0, 0,
                                        heap.peakBytes(), directorySize(stateDir), used);
                    }
                }
                throw new IllegalStateException("The replay did not finish within " + LIMIT + "; last progress "
                        + previous);
            }
        }

        /** The CPU counters now, for an increment's {@link #awaitIncrement}. */
        CpuMeter.Snapshot cpuNow() {
            return cpu.now();
        }

        /**
         * Waits until events produced from {@code producedFrom} (epoch ms) on are committed by Kafka Streams, read by
         * the sink, and their figures written and settled: something written after {@code producedFrom} and nothing
         * changing for {@value #QUIET_POLLS} polls. The sink must be on.
         *
         * @param cpuFrom the CPU counters taken just before the first produce
         */
        Increment awaitIncrement(final long producedFrom, final CpuMeter.Snapshot cpuFrom) throws Exception {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                 Connection db = DriverManager.getConnection(database.jdbcUrl(), "pks", "pks")) {
                Progress previous = null;
                int quiet = 0;
                long streamsCaughtUp = 0;
                final long deadline = producedFrom + LIMIT.toMillis();
                while (System.currentTimeMillis() < deadline) {
                    service.checkAlive();
                    Thread.sleep(250);
                    final Progress now = progress(admin, db);
                    if (now.streamsLag() == 0 && streamsCaughtUp == 0) {
                        streamsCaughtUp = System.currentTimeMillis();
                    }
                    final boolean written = now.settled() && now.lastWrite() >= producedFrom;
                    quiet = written && now.equals(previous) ? quiet + 1 : 0;
                    previous = now;
                    // 4 polls of 250 ms per second: the same quiet second count as a replay
                    if (quiet >= QUIET_POLLS * 4) {
                        return new Increment(producedFrom, streamsCaughtUp, now.lastWrite(), now.measureValues(),
                                now.deviations(), cpu.since(cpuFrom));
                    }
                }
                throw new IllegalStateException("The increment was not written within " + LIMIT + "; last progress "
                        + previous);
            }
        }

        @Override
        public void close() throws InterruptedException {
            service.close();
        }

        /** Until Flyway has created the schema at the service's start there is nothing to watch. */
        private Progress progressOnceMigrated(final Admin admin, final Connection db) throws Exception {
            try {
                return progress(admin, db);
            } catch (final SQLException e) {
                if ("42P01".equals(e.getSQLState())) {
                    return new Progress(-1, -1, 0, 0, 0, 0, 0);
                }
                throw e;
            }
        }

        /** The stream alone (sink off): what it has committed and what it has published. */
        private Progress streamProgress(final Admin admin) throws Exception {
            return new Progress(groupLag(admin), 0, published(admin), 1, 0, 0, 0);
        }

        private Progress progress(final Admin admin, final Connection db) throws Exception {
            final long streamsLag = groupLag(admin);
            final long published = published(admin);
            try (Statement statement = db.createStatement();
                 ResultSet row = statement.executeQuery("""
                         SELECT (SELECT count(*) FROM pks.measure_value), (SELECT count(*) FROM pks.deviation),
                                least((SELECT min(updated_at) FROM pks.measure_value),
                                      (SELECT min(updated_at) FROM pks.deviation)),
                                greatest((SELECT max(updated_at) FROM pks.measure_value),
                                         (SELECT max(updated_at) FROM pks.deviation))""")) {
                row.next();
                final Timestamp first = row.getTimestamp(3);
                final Timestamp last = row.getTimestamp(4);
                final long sinkLag = sinkLag(admin, db, figureTopics);
                return new Progress(streamsLag, sinkLag, published, row.getLong(1), row.getLong(2),
                        first == null ? 0 : first.getTime(), last == null ? 0 : last.getTime());
            }
        }

        /**
         * Records of the application's input not yet committed by its consumer group: the events, and every other
         * partition the group has committed on (reference data, its own repartition topic, where one record short
         * per partition is the closing commit marker under exactly-once). Ending on the events alone would
         * stop while the repartitioned records and the figures they lead to are still in flight.
         */
        private long groupLag(final Admin admin) throws Exception {
            final Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            final List<String> topics = new ArrayList<>(Topics.EVENT_TOPICS.stream().map(Topic::name).toList());
            committed.keySet().stream().map(TopicPartition::topic).distinct().filter(topic -> !topics.contains(topic))
                    .forEach(topics::add);
            long lag = 0;
            for (final Map.Entry<TopicPartition, Long> entry : endOffsets(admin, topics).entrySet()) {
                final OffsetAndMetadata offset = committed.get(entry.getKey());
                final long behind = entry.getValue() - (offset == null ? 0 : offset.offset());
                final boolean marker = transactional && entry.getKey().topic().startsWith(applicationId + "-");
                lag += marker ? Math.max(0, behind - 1) : behind;
            }
            return lag;
        }

        /** Records on the figure and deviation topics: once they stop growing, everything is published. */
        private long published(final Admin admin) throws Exception {
            return endOffsets(admin, figureTopics).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Events not yet committed by Kafka Streams (its consumer group is the application id); the soak's lag. */
    static long streamsLag(final Admin admin, final String applicationId) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        final Map<TopicPartition, Long> end = endOffsets(admin,
                Topics.EVENT_TOPICS.stream().map(Topic::name).toList());
        long lag = 0;
        for (final Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            final OffsetAndMetadata offset = committed.get(entry.getKey());
            lag += entry.getValue() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    /**
     * Records the sink has not written yet, from the positions it keeps in pks.sink_offset. Its topics are written
     * transactionally, so the last offset of a partition is a commit marker, not a record: one short is caught up.
     */
    private static long sinkLag(final Admin admin, final Connection db, final List<String> figureTopics)
            throws Exception {
        final Map<TopicPartition, Long> stored = new HashMap<>();
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT topic, partition, next_offset FROM pks.sink_offset")) {
            while (rows.next()) {
                stored.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
            }
        }
        final Map<TopicPartition, Long> end = endOffsets(admin, figureTopics);
        long lag = 0;
        for (final Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            lag += Math.max(0, entry.getValue() - stored.getOrDefault(entry.getKey(), 0L) - 1);
        }
        return lag;
    }

    /**
     * Records written to the given topics so far (end offsets; under exactly-once each commit adds one marker per
     * partition written, so this is a slight overcount).
     */
    long recordsIn(final List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return endOffsets(admin, topics).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Records the stream has written to Kafka so far, by kind: its repartition topics, its changelogs, and the topics
     * it publishes to (figures, deviations, data quality, rejections). End offsets, so commit markers are included.
     */
    Map<String, Long> recordsWrittenByStream(final String applicationId) throws Exception {
        final Map<String, Long> written = new TreeMap<>();
        internalRecordsByTopic(applicationId).forEach((topic, records) -> written.merge(
                topic.endsWith("-changelog") ? "changelogs" : "repartition", records, Long::sum));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            final OutputTopics outputs = OutputTopics.of(applicationId);
            written.put("published", endOffsets(admin, List.of(outputs.measureValues().name(),
                    outputs.deviations().name(), outputs.feedQuality().name(), outputs.rejected().name())).values()
                    .stream().mapToLong(Long::longValue).sum());
            return written;
        }
    }

    /**
     * Records written so far to each internal topic of the stream (its changelogs and repartition topics), named
     * without the application id: which state store or step the records per event come from.
     */
    Map<String, Long> internalRecordsByTopic(final String applicationId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            final List<String> internal = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(applicationId + "-")).toList();
            final Map<String, Long> byTopic = new TreeMap<>();
            endOffsets(admin, internal).forEach((partition, offset) -> byTopic.merge(
                    partition.topic().substring(applicationId.length() + 1), offset, Long::sum));
            return byTopic;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(final Admin admin, final List<String> topics)
            throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> {
            for (final TopicPartitionInfo partition : description.partitions()) {
                request.put(new TopicPartition(name, partition.partition()), OffsetSpec.latest());
            }
        });
        final Map<TopicPartition, Long> end = new HashMap<>();
        for (final Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry
                : admin.listOffsets(request).all().get().entrySet()) {
            end.put(entry.getKey(), entry.getValue().offset());
        }
        return end;
    }

    private static long directorySize(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (final IOException e) {
                    // a RocksDB file compacted away while we walk
                    return 0;
                }
            }).sum();
        }
    }

    /**
     * @param published records on the figure and deviation topics (end offsets), which must stop growing too
     * @param measureValues rows in pks.measure_value; the stream-only runs, which have none, pass 1
     */
    private record Progress(long streamsLag, long sinkLag, long published, long measureValues, long deviations,
            long firstWrite, long lastWrite) {

        boolean settled() {
            return streamsLag == 0 && sinkLag == 0 && measureValues > 0;
        }
    }

    /**
     * What one replay achieved; times are epoch milliseconds (the database's clock for the writes), {@code running}
     * 0 when the state was never seen. CPU time counts from the launch, JVM start included: unlike wall time it
     * hardly moves when other processes compete for the cores.
     */
    record Result(long launched, long running, long firstWrite, long streamsCaughtUp, long lastWrite,
            long measureValues, long deviations, long peakHeapBytes, long stateBytes, CpuMeter.Usage cpu) {

        double seconds() {
            return (lastWrite - launched) / 1000.0;
        }

        double streamsSeconds() {
            return (streamsCaughtUp - launched) / 1000.0;
        }

        /** JVM start, Quarkus, Flyway and Kafka Streams' first rebalance: a fixed cost of every launch. */
        double startSeconds() {
            return running == 0 ? Double.NaN : (running - launched) / 1000.0;
        }
    }

    /** The incremental step: when the events were produced, when they were committed and when written. */
    record Increment(long producedFrom, long streamsCaughtUp, long lastWrite, long measureValues, long deviations,
            CpuMeter.Usage cpu) {

        double seconds() {
            return (lastWrite - producedFrom) / 1000.0;
        }

        double streamsSeconds() {
            return (streamsCaughtUp - producedFrom) / 1000.0;
        }
    }

    /**
     * Samples the service's used heap from its Prometheus endpoint once a second; the peak of the samples is a lower
     * bound of the true peak (a collection between two samples is not seen).
     */
    private static final class HeapSampler {

        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        private final URI metrics;
        private long peak;

        HeapSampler(final URI metrics) {
            this.metrics = metrics;
        }

        void sample() {
            try {
                final HttpResponse<Stream<String>> response = client.send(
                        HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofLines());
                final double used = response.body()
                        .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .sum();
                peak = Math.max(peak, (long) used);
            } catch (final IOException e) {
                // not up yet, or busy: the next sample will do
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        long peakBytes() {
            return peak;
        }
    }
}
