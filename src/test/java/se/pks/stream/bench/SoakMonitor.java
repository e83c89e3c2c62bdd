package se.pks.stream.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import se.pks.stream.testing.Machine;
import se.pks.stream.testing.PackagedService;

/**
 * Watches the service during a soak, sampling every 5 seconds and summing up each minute: heap after collections
 * (from the service's own GC log, the closest to its live data), heap used, the stream's lag (events not yet
 * committed by Kafka Streams), the sink's lag (its own gauge), CPU and the service's end-to-end latency histogram.
 */
final class SoakMonitor {

    static final Duration SAMPLE = Duration.ofSeconds(5);
    private static final Pattern AFTER_GC = Pattern.compile("\\d+([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");
    private static final String LATENCY = "pks_end_to_end_latency_seconds";
    private static final String FROM_RECEIVED = "from=\"event_received\"";

    private final PackagedService service;
    private final Admin admin;
    private final String applicationId;
    private final Path gcLog;
    private long gcLogRead;
    private final List<Minute> minutes = new ArrayList<>();

    /**
     * One minute of the soak.
     *
     * @param heapAfterGcMiB lowest heap after a collection in the minute (NaN when none ran)
     * @param metricP99Ms    upper bound of the bucket holding the p99 of pks_end_to_end_latency_seconds
     * @param cpuPercent     CPU time of the service over the minute, as a percentage of one core
     */
    record Minute(int minute, double heapAfterGcMiB, double heapUsedMaxMiB, long streamsLagMax, long sinkLagMax,
            double cpuPercent, double metricP99Ms, String loadAverage) {
    }

    SoakMonitor(final PackagedService service, final Admin admin, final String applicationId, final Path gcLog) {
        this.service = service;
        this.admin = admin;
        this.applicationId = applicationId;
        this.gcLog = gcLog;
    }

    /** Samples for {@code count} whole minutes, printing each as it ends. */
    List<Minute> watch(final int count) throws Exception {
        for (int minute = 1; minute <= count; minute++) {
            final long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            final Duration cpuBefore = service.cpuTime();
            final PrometheusText.Histogram latencyBefore = histogram();
            double afterGc = Double.NaN;
            double heapMax = 0;
            long streamsLag = 0;
            long sinkLag = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(SAMPLE.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                service.checkAlive();
                final PrometheusText metrics = PrometheusText.scrape(service);
                if (metrics != null) {
                    heapMax = Math.max(heapMax, metrics.sum("jvm_memory_used_bytes", "area=\"heap\"") / 1048576.0);
                    sinkLag = Math.max(sinkLag, (long) metrics.sum("pks_sink_lag_records", ""));
                }
                streamsLag = Math.max(streamsLag, ServiceRun.streamsLag(admin, applicationId));
                for (final double value : newAfterGcValues()) {
                    afterGc = Double.isNaN(afterGc) ? value : Math.min(afterGc, value);
                }
            }
            final PrometheusText.Histogram latencyAfter = histogram();
            final double p99 = latencyAfter == null || latencyBefore == null ? Double.NaN
                    : latencyAfter.minus(latencyBefore).quantileUpperBound(0.99) * 1000;
            final double cpu = (service.cpuTime().minus(cpuBefore)).toNanos() / 60e9 * 100;
            final Minute row = new Minute(minute, afterGc, heapMax, streamsLag, sinkLag, cpu, p99,
                    Machine.loadAverage());
            minutes.add(row);
            System.out.println(String.format(Locale.ROOT, "soak minute %d: heap after GC %.0f MiB, heap max %.0f MiB,"
                    + " stream lag max %d, sink lag max %d, CPU %.0f %%, metric p99 <= %.0f ms, load %s",
                    minute, afterGc, heapMax, streamsLag, sinkLag, cpu, p99, row.loadAverage()));
        }
        return minutes;
    }

    private PrometheusText.Histogram histogram() throws InterruptedException {
        final PrometheusText metrics = PrometheusText.scrape(service);
        return metrics == null ? null : metrics.histogram(LATENCY, FROM_RECEIVED);
    }

    /** Heap sizes after each collection logged since the last call, in MiB. */
    private List<Double> newAfterGcValues() throws IOException {
        final List<Double> values = new ArrayList<>();
        if (!Files.exists(gcLog)) {
            return values;
        }
        try (RandomAccessFile file = new RandomAccessFile(gcLog.toFile(), "r")) {
            if (file.length() <= gcLogRead) {
                return values;
            }
            file.seek(gcLogRead);
            final byte[] bytes = new byte[(int) (file.length() - gcLogRead)];
            file.readFully(bytes);
            final String text = new String(bytes, StandardCharsets.UTF_8);
            // Only whole lines: a line being written is read next time.
            final int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return values;
            }
            gcLogRead += text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
            final Matcher matcher = AFTER_GC.matcher(text.substring(0, lastNewline));
            while (matcher.find()) {
                values.add(mebibytes(Long.parseLong(matcher.group(2)), matcher.group(3)));
            }
        }
        return values;
    }

    private static double mebibytes(final long value, final String unit) {
        return switch (unit) {
            case "K" -> value / 1024.0;
            case "G" -> value * 1024.0;
            default -> value;
        };
    }
}
