package se.pks.stream.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The figures of one benchmark run: printed as a table, written as CSV ({@code docs/benchmarks.csv}, replaced) and
 * into {@code docs/benchmarks.md} between its result markers (the prose around them is kept).
 */
final class BenchReport {

    static final String START_MARKER = "<!-- bench-results:start -->";
    static final String END_MARKER = "<!-- bench-results:end -->";

    private final double factor;
    private final int units;
    private final int partitions;
    private final List<Row> rows = new ArrayList<>();
    private long events;
    /** Events of the incremental week (6): the guarantee runs (3), which come after it, read them too. */
    private long weekEvents;
    /** Events of the onboarded region (9), which the guarantee runs (3) read too. */
    private long onboardingEvents;
    /** Events the latency step (4) added to the event topics, which the stream-only runs of (3) read too. */
    private long latencyEvents;
    private double bareSeconds;
    private double replaySeconds;

    BenchReport(final double factor, final int units, final int partitions) {
        this.factor = factor;
        this.units = units;
        this.partitions = partitions;
    }

    void loaded(final BenchLoad.LoadCounts counts, final long nanos) {
        events = counts.events();
        add("load", "events generated and produced", counts.events(), "events", "");
        add("load", "plan rows produced", counts.plans(), "rows", "");
        add("load", "generate + produce throughput", counts.events() / (nanos / 1e9), "events/s", "");
    }

    void bare(final BareConsumer.Timed bare) {
        bareSeconds = bare.nanos() / 1e9;
        add("(2) bare limit", "plain consumer read + JSON parse", bare.perSecond(), "events/s", "");
        add("(2) bare limit", "plain consumer time", bareSeconds, "s", "");
    }

    void replay(final ServiceRun.Result replay) {
        replaySeconds = replay.seconds();
        add("(1) replay", "service launch to last row written", replaySeconds, "s", "");
        add("(1) replay", "of which launch to Kafka Streams RUNNING (JVM start, Flyway, first rebalance; 1 s polls)",
                replay.startSeconds(), "s", "");
        add("(1) replay", "of which launch to first row written", (replay.firstWrite() - replay.launched()) / 1000.0,
                "s", "");
        add("(1) replay", "of which launch to Kafka Streams caught up (every record it reads committed)",
                replay.streamsSeconds(), "s", "");
        add("(1) replay", "pipeline replay throughput", events / replaySeconds, "events/s", "");
        cpu("(1) replay", replay.cpu(), events);
        add("(1) replay", "load average (1 min) of the machine at the replay's end", loadAverage(), "", "");
        add("(1) replay", "pks.measure_value rows", replay.measureValues(), "rows", "");
        add("(1) replay", "pks.deviation rows", replay.deviations(), "rows", "");
        final double ratio = bareSeconds / replaySeconds;
        add("(1)/(2)", "pipeline / bare consumer throughput", ratio, "ratio", verdict(ratio >= 0.3, ">= 0.3"));
        add("(8) resources", "peak used heap of the service (1 s samples)", replay.peakHeapBytes() / 1048576.0, "MiB",
                "");
        add("(8) resources", "Kafka Streams state dir (RocksDB) after replay", replay.stateBytes() / 1048576.0, "MiB",
                "");
    }

    /** Everything the stream wrote to Kafka during the replay, per event: what issue 15 asks to keep at 1.5 or less. */
    void written(final Map<String, Long> byKind) {
        long total = 0;
        for (final Map.Entry<String, Long> kind : byKind.entrySet()) {
            add("(1) replay", "records written to Kafka by the stream per event: " + kind.getKey(),
                    (double) kind.getValue() / events, "ratio", "");
            total += kind.getValue();
        }
        final double perEvent = (double) total / events;
        add("(1) replay", "records written to Kafka by the stream per event, all (repartition, changelogs, published)",
                perEvent, "ratio", verdict(perEvent <= 1.5, "<= 1.5"));
    }

    void published(final long records) {
        add("(1) replay", "records published to the run's measure-values topic (commit markers included)", records,
                "records", "");
        add("(1) replay", "of which per event", (double) records / events, "ratio", "");
    }

    /**
     * CPU time of the service (launch included), of the harness's JVM (the embedded broker's work, beside the
     * harness's polls) and of PostgreSQL, apart and together, per 1,000 events.
     */
    private void cpu(final String step, final CpuMeter.Usage cpu, final long eventCount) {
        add(step, "CPU time (user + system): service", cpu.service(), "s", "");
        add(step, "CPU time: harness JVM (embedded Kafka broker included)", cpu.harness(), "s", "");
        add(step, "CPU time: PostgreSQL (postmaster and backends)", cpu.postgres(), "s", "");
        add(step, "CPU time: service + broker + PostgreSQL", cpu.total(), "s", "");
        add(step, "service CPU time per 1,000 events", cpu.service() * 1e6 / eventCount, "ms", "");
        add(step, "service + broker + PostgreSQL CPU time per 1,000 events", cpu.total() * 1e6 / eventCount, "ms",
                "");
    }

    void guarantees(final ServiceRun.Result exactlyOnce, final ServiceRun.Result atLeastOnce) {
        final long read = events + weekEvents + onboardingEvents + latencyEvents;
        add("(3) guarantees", "stream only (sink off), exactly_once_v2, launch to figures committed",
                read / exactlyOnce.streamsSeconds(), "events/s", "");
        add("(3) guarantees", "stream only (sink off), at_least_once, launch to figures committed",
                read / atLeastOnce.streamsSeconds(), "events/s", "");
        add("(3) guarantees", "service CPU time per 1,000 events, exactly_once_v2",
                exactlyOnce.cpu().service() * 1e6 / read, "ms", "");
        add("(3) guarantees", "service CPU time per 1,000 events, at_least_once",
                atLeastOnce.cpu().service() * 1e6 / read, "ms", "");
        add("(3) guarantees", "service + broker + PostgreSQL CPU time per 1,000 events, exactly_once_v2",
                exactlyOnce.cpu().total() * 1e6 / read, "ms", "");
        final double ratio = atLeastOnce.streamsSeconds() / exactlyOnce.streamsSeconds();
        add("(3) guarantees", "exactly_once_v2 / at_least_once throughput", ratio, "ratio",
                verdict(ratio >= 0.8, ">= 0.8"));
    }

    void sql(final SqlPeer.Timing sql) {
        add("(5) SQL peer", "COPY raw events and plans", sql.loadNanos() / 1e9, "s", "");
        add("(5) SQL peer", "GROUP BY + join to plans", sql.computeNanos() / 1e9, "s", "");
        add("(5) SQL peer", "SQL peer total", sql.seconds(), "s", "");
        final double ratio = replaySeconds / sql.seconds();
        add("(5) SQL peer", "replay time / SQL peer time", ratio, "ratio", verdict(ratio < 1.0, "< 1"));
    }

    void differences(final SqlPeer.Differences differences) {
        differing("(5) SQL peer", "", differences);
    }

    /**
     * (6): the week produced into the running service, timed to its figures written, against the SQL peer's
     * recomputation of everything; then the comparison again, for the week's periods and for all.
     */
    void incremental(final int eventsOfWeek, final long produceMillis, final ServiceRun.Increment increment,
            final SqlPeer.Timing recompute, final SqlPeer.Differences week, final SqlPeer.Differences all) {
        weekEvents = eventsOfWeek;
        final String step = "(6) incremental week";
        add(step, "events sent in the week after the year", eventsOfWeek, "events", "");
        add(step, "of which producing them (first send to last acknowledged)", produceMillis / 1000.0, "s", "");
        add(step, "first produce to Kafka Streams caught up", increment.streamsSeconds(), "s", "");
        add(step, "first produce to the last figure written (incremental update)", increment.seconds(), "s", "");
        add(step, "service + broker + PostgreSQL CPU time per 1,000 events", increment.cpu().total() * 1e6
                / eventsOfWeek, "ms", "");
        add(step, "SQL peer: COPY the week", recompute.loadNanos() / 1e9, "s", "");
        add(step, "SQL peer: full recomputation over year + week", recompute.computeNanos() / 1e9, "s", "");
        final double ratio = increment.seconds() / recompute.seconds();
        add(step, "incremental update / SQL peer (COPY + recomputation)", ratio, "ratio",
                verdict(ratio <= 0.1, "<= 0.1"));
        add(step, "pks.measure_value rows after the week", increment.measureValues(), "rows", "");
        differing(step, "periods from the week's Monday: ", week);
        final long[] values = total(all.values());
        final long[] deviations = total(all.deviations());
        add(step, "all periods again: measure values differing (every measure)", values[0], "of " + values[1],
                verdict(values[0] == 0, "0"));
        add(step, "all periods again: deviations differing", deviations[0], "of " + deviations[1],
                verdict(deviations[0] == 0, "0"));
    }

    /**
     * (9): a new region's year produced into the running service, timed to its figures written; its figures and
     * every region's compared with the SQL peer after it has loaded the region too.
     */
    void onboarding(final OnboardingStep.Result onboarding) {
        onboardingEvents = onboarding.events();
        final String step = "(9) onboarding";
        final ServiceRun.Increment increment = onboarding.increment();
        add(step, "a new region's year: events", onboarding.events(), "events", "");
        add(step, "a new region's year: plan rows", onboarding.plans(), "rows", "");
        add(step, "of which producing them (first send to last acknowledged)", onboarding.produceMillis() / 1000.0,
                "s", "");
        add(step, "first produce to Kafka Streams caught up", increment.streamsSeconds(), "s", "");
        add(step, "first produce to the last figure written", increment.seconds(), "s", "");
        add(step, "onboarding throughput", onboarding.eventsPerSecond(), "events/s",
                verdict(onboarding.eventsPerSecond() >= 50_000, ">= 50,000"));
        cpu(step, increment.cpu(), onboarding.events());
        add(step, "SQL peer: COPY the region's events and plans", onboarding.recompute().loadNanos() / 1e9, "s", "");
        add(step, "SQL peer: full recomputation", onboarding.recompute().computeNanos() / 1e9, "s", "");
        differing(step, "the new region: ", onboarding.region());
        final long[] values = total(onboarding.all().values());
        final long[] deviations = total(onboarding.all().deviations());
        add(step, "every region again: measure values differing", values[0], "of " + values[1],
                verdict(values[0] == 0, "0"));
        add(step, "every region again: deviations differing", deviations[0], "of " + deviations[1],
                verdict(deviations[0] == 0, "0"));
    }

    private void differing(final String step, final String prefix, final SqlPeer.Differences differences) {
        for (final SqlPeer.Group group : SqlPeer.GROUPS) {
            final long[] values = differences.values(group);
            add(step, prefix + "measure values differing, " + group.name() + " (" + group.measures() + ")",
                    values[0], "of " + values[1], verdict(values[0] == 0, "0"));
        }
        if (!differences.ungrouped().isEmpty()) {
            add(step, prefix + "measure values of measures the peer does not compute ("
                    + String.join(", ", differences.ungrouped()) + ")", 0, "not compared", "");
        }
        final long[] deviations = total(differences.deviations());
        add(step, prefix + "deviations differing (every planned measure)", deviations[0], "of " + deviations[1],
                verdict(deviations[0] == 0, "0"));
    }

    private static long[] total(final List<SqlPeer.Count> counts) {
        long differing = 0;
        long compared = 0;
        for (final SqlPeer.Count count : counts) {
            differing += count.differing();
            compared += count.compared();
        }
        return new long[] {differing, compared};
    }

    /** Step (4); the target (p99 under a second) applies to the national peak times ten, 250 events/s. */
    void latency(final LatencyStep.Result latency) {
        latencyEvents += latency.counters().httpEvents.get() + latency.counters().kafkaEvents.get();
        if (latency.warmUp()) {
            return;
        }
        final String at = String.format(Locale.ROOT, "%,.0f events/s for %d s (HTTP + Kafka)", latency.rate(),
                latency.duration().toSeconds());
        add("(4) latency", at + ": produce to row visible, p50", latency.all().p50(), "ms", "");
        add("(4) latency", at + ": p95", latency.all().p95(), "ms", "");
        add("(4) latency", at + ": p99", latency.all().p99(), "ms",
                latency.rate() <= 250 ? verdict(latency.all().p99() < 500, "< 500")
                        : verdict(latency.all().p99() < 2000, "< 2000"));
        add("(4) latency", at + ": max", latency.all().max(), "ms", "");
        add("(4) latency", at + ": p99 over HTTP / over Kafka", latency.http().p99(), "ms",
                String.format(Locale.ROOT, "Kafka %.0f ms", latency.kafka().p99()));
        add("(4) latency", at + ": service metric p99 (bucket upper bound)", latency.metricP99Ms(), "ms", "");
        add("(4) latency", at + ": service CPU", latency.cpuPercent(), "% of a core",
                "load average " + latency.loadAverage());
    }

    void dashboard(final DashboardLatency.Timed dashboard) {
        add("(7) dashboards", dashboard.dashboard() + ": per-query latency p50 (" + dashboard.queries()
                + " queries, 10 loads)", dashboard.p50(), "ms", "");
        add("(7) dashboards", dashboard.dashboard() + ": per-query latency p95", dashboard.p95(), "ms", "");
        add("(7) dashboards", dashboard.dashboard() + ": rows read per load", dashboard.rowsPerLoad(), "rows", "");
    }

    String table() {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Run %s, factor %s, %d units, %d partitions per topic, %s%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), factor, units, partitions, machine()));
        out.append("| step | figure | measured | unit | target |\n|---|---|---:|---|---|\n");
        for (final Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.step(), row.figure(),
                    format(row.value()), row.unit(), row.target()));
        }
        return out.toString();
    }

    void write(final Path markdown, final Path csv) throws IOException {
        final StringBuilder lines = new StringBuilder("factor,units,step,figure,value,unit,target\n");
        for (final Row row : rows) {
            lines.append(String.format(Locale.ROOT, "%s,%d,\"%s\",\"%s\",%s,\"%s\",\"%s\"%n", factor, units,
                    row.step(), row.figure(), row.value(), row.unit(), row.target()));
        }
        Files.writeString(csv, lines);
        if (Files.exists(markdown)) {
            final String text = Files.readString(markdown);
            final int start = text.indexOf(START_MARKER);
            final int end = text.indexOf(END_MARKER);
            if (start >= 0 && end > start) {
                Files.writeString(markdown, text.substring(0, start + START_MARKER.length()) + "\n" + table()
                        + text.substring(end));
            }
        }
    }

    /** Other processes on the same cores stretch the wall times; -1 where the system does not say. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String machine() {
        final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "%d cores, %.1f GiB RAM, JDK %s (%s), Kafka %s",
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / 1073741824.0,
                System.getProperty("java.version"), System.getProperty("java.vendor"), AppInfoParser.getVersion());
    }

    private void add(final String step, final String figure, final double value, final String unit,
            final String target) {
        rows.add(new Row(step, figure, value, unit, target));
    }

    private static String verdict(final boolean met, final String target) {
        return target + (met ? ": met" : ": NOT met");
    }

    private static String format(final double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.2f", value);
    }

    private record Row(String step, String figure, double value, String unit, String target) {
    }
}
