package se.pks.stream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH secondary results: the calls of one measured iteration and the CPU time the benchmark thread spent in it. On a
 * shared machine the wall-clock throughput mostly measures how much of a core the thread got; calls per CPU second
 * ({@link HotPathBench} divides the two) is what the code itself costs.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Benchmark calls in this iteration; the benchmark method counts them. */
    public long calls;
    /** CPU time of the benchmark thread in this iteration, in microseconds. */
    public long cpuMicros;
    private long startedNanos;

    @Setup(Level.Iteration)
    public void start() {
        calls = 0;
        cpuMicros = 0;
        startedNanos = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        cpuMicros = (THREADS.getCurrentThreadCpuTime() - startedNanos) / 1000;
    }
}
