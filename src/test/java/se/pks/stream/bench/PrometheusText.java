package se.pks.stream.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.pks.stream.testing.PackagedService;

/** One scrape of the service's /q/metrics in the Prometheus text format, read the few ways the load runs need. */
final class PrometheusText {

    private final List<String> lines;

    PrometheusText(final String text) {
        this.lines = text.lines().filter(line -> !line.startsWith("#")).toList();
    }

    /** The service's metrics now, or null when it does not answer in time. */
    static PrometheusText scrape(final PackagedService service) throws InterruptedException {
        try {
            final HttpResponse<String> response = service.get("/q/metrics");
            return response.statusCode() == 200 ? new PrometheusText(response.body()) : null;
        } catch (final IOException e) {
            return null;
        }
    }

    /** The sum of every series of the metric whose labels contain {@code labelFilter} (e.g. area="heap"). */
    double sum(final String metric, final String labelFilter) {
        double sum = 0;
        for (final String line : lines) {
            if (isSeriesOf(line, metric) && line.contains(labelFilter)) {
                sum += value(line);
            }
        }
        return sum;
    }

    /**
     * The cumulative bucket counts of a histogram series, by upper bound in seconds (+Inf as infinity), e.g.
     * {@code pks_end_to_end_latency_seconds} with {@code from="event_received"}.
     */
    Histogram histogram(final String metric, final String labelFilter) {
        final Map<Double, Double> buckets = new TreeMap<>();
        for (final String line : lines) {
            if (isSeriesOf(line, metric + "_bucket") && line.contains(labelFilter)) {
                final int le = line.indexOf("le=\"") + 4;
                final String bound = line.substring(le, line.indexOf('"', le));
                buckets.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        value(line), Double::sum);
            }
        }
        return new Histogram(buckets);
    }

    private static boolean isSeriesOf(final String line, final String metric) {
        return line.startsWith(metric + "{") || line.startsWith(metric + " ");
    }

    private static double value(final String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** Cumulative counts by upper bound, as Prometheus keeps them; two scrapes subtract to the window between. */
    record Histogram(Map<Double, Double> cumulative) {

        Histogram minus(final Histogram earlier) {
            final Map<Double, Double> difference = new TreeMap<>();
            cumulative.forEach((bound, count) ->
                    difference.put(bound, count - earlier.cumulative().getOrDefault(bound, 0.0)));
            return new Histogram(difference);
        }

        double count() {
            return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        }

        /**
         * The upper bound of the bucket holding the quantile, in seconds: what Prometheus' histogram_quantile would
         * report at most. NaN when the window holds nothing.
         */
        double quantileUpperBound(final double quantile) {
            final double total = count();
            if (total == 0) {
                return Double.NaN;
            }
            for (final Map.Entry<Double, Double> entry : cumulative.entrySet()) {
                if (entry.getValue() >= quantile * total) {
                    return entry.getKey();
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }
}
