package se.pks.stream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import se.pks.stream.testing.Machine;

/**
 * The JMH microbenchmarks of the hot paths, run by {@code ./pks-bench --jmh}: {@link DecodeValidateBench} and
 * {@code topology.AggregationBench}, throughput per feed, short by default (one fork, two warm-up and three measured
 * iterations of one second each). Prints JMH's table and writes it into {@code docs/benchmarks.md} between its own
 * markers. Like {@link NationalReplayBench}, a JUnit class only for the test class path; Surefire's default patterns
 * do not match its name, so {@code ./mvnw verify} never runs it.
 */
class HotPathBench {

    static final String START_MARKER = "<!-- jmh-results:start -->";
    static final String END_MARKER = "<!-- jmh-results:end -->";

    @Test
    void run() throws Exception {
        final int forks = Integer.parseInt(Machine.setting("PKS_JMH_FORKS", "1"));
        final int iterations = Integer.parseInt(Machine.setting("PKS_JMH_ITERATIONS", "3"));
        final Options options = new OptionsBuilder()
                .include(Machine.setting("PKS_JMH_INCLUDE", "DecodeValidateBench|AggregationBench"))
                .forks(forks)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .timeUnit(TimeUnit.SECONDS)
                // a benchmark that throws must fail the run, not leave a silent gap in the table
                .shouldFailOnError(true)
                .build();
        final Collection<RunResult> results = new Runner(options).run();
        final String table = table(results, forks, iterations);
        System.out.println(table);
        write(Path.of("docs/benchmarks.md"), table);
    }

    private static String table(final Collection<RunResult> results, final int forks, final int iterations) {
        final StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Run %s, JMH %d fork(s), 2 warm-up + %d measured iterations of 1 s, load average %s at the end, "
                        + "JDK %s%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), forks, iterations, Machine.loadAverage(),
                Runtime.version()));
        out.append("| benchmark | feed | per CPU second | throughput (wall clock) | ± (99.9 %) | unit |\n"
                + "|---|---|---:|---:|---:|---|\n");
        final List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing((RunResult result) -> result.getParams().getBenchmark())
                .thenComparing(result -> String.valueOf(result.getParams().getParam("topic"))));
        for (final RunResult result : sorted) {
            final String benchmark = result.getParams().getBenchmark();
            out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.0f | %s |%n",
                    benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1),
                    result.getParams().getParam("topic"), perCpuSecond(result), result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError(), result.getPrimaryResult().getScoreUnit()));
        }
        return out.toString();
    }

    /** Calls per second of the benchmark thread's own CPU time, from the {@link CpuTime} counters. */
    private static double perCpuSecond(final RunResult result) {
        final Result<?> calls = result.getSecondaryResults().get("calls");
        final Result<?> cpuMicros = result.getSecondaryResults().get("cpuMicros");
        return calls == null || cpuMicros == null || cpuMicros.getScore() <= 0 ? Double.NaN
                : calls.getScore() / (cpuMicros.getScore() / 1e6);
    }

    private static void write(final Path markdown, final String table) throws IOException {
        if (!Files.exists(markdown)) {
            return;
        }
        final String text = Files.readString(markdown);
        final int start = text.indexOf(START_MARKER);
        final int end = text.indexOf(END_MARKER);
        if (start >= 0 && end > start) {
            Files.writeString(markdown, text.substring(0, start + START_MARKER.length()) + "\n" + table
                    + text.substring(end));
        }
    }
}
