package se.pks.stream.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

import org.junit.jupiter.api.Test;

/** The soak's verdicts on hand-made runs of 30 minutes with a 3-minute warm-up: thirds are minutes 4-12, 13-21, 22-30. */
class SoakReportTest {

    private static SoakReport run(final IntToDoubleFunction heap, final IntToLongFunction lag) {
        return run(heap, lag, List.of());
    }

    private static SoakReport run(final IntToDoubleFunction heap, final IntToLongFunction lag,
            final List<LatencyProbe.Sample> samples) {
        final List<SoakMonitor.Minute> minutes = new ArrayList<>();
        for (int minute = 1; minute <= 30; minute++) {
            minutes.add(new SoakMonitor.Minute(minute, heap.applyAsDouble(minute), 300, lag.applyAsLong(minute),
                    0, 50, 700, "1.00 1.00 1.00"));
        }
        return new SoakReport("test", 30, 250, minutes, samples, new SteadyLoad.Counters(), 3, Duration.ZERO);
    }

    @Test
    void aHeapThatFillsACacheAndThenStaysIsBounded() {
        // 52 MiB rising 7 MiB a minute to 120 MiB at minute 12, flat after: the record cache filling up.
        final SoakReport report = run(minute -> Math.min(120, 52 + 7 * (minute - 2)), minute -> 100);
        assertTrue(report.heapBounded(), report.heapVerdict());
        assertTrue(report.heapVerdict().contains("after warm-up 66, 120 and 120 MiB"), report.heapVerdict());
    }

    @Test
    void aHeapThatKeepsRisingIsGrowing() {
        // 5 MiB a minute for the whole run: the middle third's lowest (minute 13) 160, the last's (minute 22) 205;
        // 45 MiB is over the allowance of 40 (25 % of 160).
        final SoakReport report = run(minute -> 100 + 5 * (minute - 1), minute -> 100);
        assertFalse(report.heapBounded(), report.heapVerdict());
        assertTrue(report.heapVerdict().endsWith("GROWING"), report.heapVerdict());
    }

    @Test
    void aSmallRiseBetweenTheLaterThirdsIsWithinTheAllowance() {
        // Middle third lowest 200, last 245: 45 MiB is under 25 % of 200 (50 MiB).
        final SoakReport report = run(minute -> minute <= 21 ? 200 : 245, minute -> 100);
        assertTrue(report.heapBounded(), report.heapVerdict());
    }

    @Test
    void lagIsJudgedOnTheFirstAndLastThirds() {
        // Mean of the first third 100; the last may reach 2 * 100 + 2 s * 250 events/s = 700.
        assertTrue(run(minute -> 100, minute -> minute >= 22 ? 700 : 100).lagBounded());
        assertFalse(run(minute -> 100, minute -> minute >= 22 ? 701 : 100).lagBounded());
    }

    @Test
    void theLatencyTargetIsJudgedAfterTheWarmUp() {
        // 100 events in the first minute at 10 s each (the service starting), then 100 events a minute at 400 ms
        // from minute 4 on; minutes 2 and 3 at 2 s fall in the warm-up too.
        final List<LatencyProbe.Sample> samples = new ArrayList<>();
        for (int minute = 0; minute < 30; minute++) {
            final long latencyMillis = minute == 0 ? 10_000 : minute < 3 ? 2_000 : 400;
            for (int i = 0; i < 100; i++) {
                final long sent = minute * 60_000_000_000L + i * 500_000_000L;
                samples.add(new LatencyProbe.Sample(sent, sent + latencyMillis * 1_000_000L, i % 2 == 0));
            }
        }
        final String report = run(minute -> 100, minute -> 100, samples).markdown();
        assertTrue(report.contains("| latency, send to row visible, all events | 3,000 events: p50 400 ms, p95 2000 ms,"
                + " p99 10000 ms, max 10000 ms |"), report);
        assertTrue(report.contains("| after the warm-up (minutes 4 to 30) | 2,700 events: p50 400 ms, p95 400 ms,"
                + " p99 400 ms, max 400 ms |"), report);
        assertTrue(report.contains("| p99 target < 1 s after the warm-up | met |"), report);
    }
}
