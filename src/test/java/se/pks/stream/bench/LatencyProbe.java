package se.pks.stream.bench;

import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures end-to-end latency from the database alone, independently of the service's own metrics: every load event
 * is one first visit of its unit in one week, so when pks.measure_value shows {@code k} first visits for the unit and
 * week (above what it showed at the start), the unit's first {@code k} events are visible. Polled every 50 ms; an
 * event's latency is the first poll that sees it minus the time it was due to be sent, so the figures include the
 * poll interval (up to 50 ms) and any delay of the generator itself.
 */
final class LatencyProbe implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(50);

    private static final String COUNTS = """
            SELECT unit_id, value FROM pks.measure_value
            WHERE granularity = 'WEEK' AND measure = 'first_visits' AND period_start = ? AND unit_id LIKE ?""";

    private final Connection db;
    private final PreparedStatement counts;
    private final Map<String, UnitEvents> units = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;
    private volatile SQLException failure;

    /** One visible event: when it was due to be sent and when it was first seen (System.nanoTime), and its path. */
    record Sample(long sentNanos, long seenNanos, boolean http) {
        double latencyMillis() {
            return (seenNanos - sentNanos) / 1e6;
        }
    }

    LatencyProbe(final String jdbcUrl, final LocalDate week, final Collection<String> httpUnits,
            final Collection<String> kafkaUnits) throws SQLException {
        db = DriverManager.getConnection(jdbcUrl, "pks", "pks");
        counts = db.prepareStatement(COUNTS);
        counts.setDate(1, Date.valueOf(week));
        counts.setString(2, LoadFleet.UNIT_PREFIX + "%");
        httpUnits.forEach(unit -> units.put(unit, new UnitEvents(true)));
        kafkaUnits.forEach(unit -> units.put(unit, new UnitEvents(false)));
        // What earlier runs left in this week is the baseline: only what is counted above it is ours.
        for (final Map.Entry<String, Long> count : read().entrySet()) {
            final UnitEvents unit = units.get(count.getKey());
            if (unit != null) {
                unit.baseline = count.getValue();
            }
        }
        poller = Thread.ofPlatform().name("latency-probe").daemon().start(this::poll);
    }

    /** The generator calls this for each event, in the order it sends the unit's events. */
    void sent(final String unit, final long dueNanos) {
        units.get(unit).add(dueNanos);
    }

    private void poll() {
        while (running.get()) {
            try {
                final Map<String, Long> now = read();
                final long seen = System.nanoTime();
                final List<Sample> found = new ArrayList<>();
                for (final Map.Entry<String, Long> count : now.entrySet()) {
                    final UnitEvents unit = units.get(count.getKey());
                    if (unit != null) {
                        unit.seenUpTo(count.getValue() - unit.baseline, seen, found);
                    }
                }
                synchronized (samples) {
                    samples.addAll(found);
                }
                Thread.sleep(POLL);
            } catch (final SQLException e) {
                failure = e;
                return;
            } catch (final InterruptedException e) {
                return;
            }
        }
    }

    private Map<String, Long> read() throws SQLException {
        final Map<String, Long> now = new HashMap<>();
        try (ResultSet rows = counts.executeQuery()) {
            while (rows.next()) {
                now.put(rows.getString(1), Math.round(rows.getDouble(2)));
            }
        }
        return now;
    }

    /** Every event seen so far. */
    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Events sent and not yet visible. */
    long outstanding() {
        long outstanding = 0;
        for (final UnitEvents unit : units.values()) {
            outstanding += unit.outstanding();
        }
        return outstanding;
    }

    /** Events the database counted that were never sent: must stay 0 (a count above what was sent is double). */
    long overcounted() {
        long over = 0;
        for (final UnitEvents unit : units.values()) {
            over += unit.overcounted();
        }
        return over;
    }

    /** Waits until every event sent is visible, or the limit passes; true when all are. */
    boolean awaitAllVisible(final Duration limit) throws InterruptedException {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (outstanding() > 0 && System.nanoTime() < deadline) {
            if (failure != null) {
                throw new IllegalStateException("The latency probe failed", failure);
            }
            Thread.sleep(POLL);
        }
        return outstanding() == 0;
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        running.set(false);
        poller.join(Duration.ofSeconds(5));
        db.close();
    }

    /** The due times of one unit's events in sending order, and how many of them are visible. */
    private final class UnitEvents {

        private final boolean http;
        private long[] due = new long[64];
        private int sent;
        private int visible;
        private long baseline;
        private long over;

        UnitEvents(final boolean http) {
            this.http = http;
        }

        synchronized void add(final long dueNanos) {
            if (sent == due.length) {
                due = Arrays.copyOf(due, sent * 2);
            }
            due[sent++] = dueNanos;
        }

        synchronized void seenUpTo(final long count, final long seenNanos, final List<Sample> found) {
            over = Math.max(over, count - sent);
            final int upTo = (int) Math.min(count, sent);
            for (; visible < upTo; visible++) {
                found.add(new Sample(due[visible], seenNanos, http));
            }
        }

        synchronized long outstanding() {
            return sent - visible;
        }

        synchronized long overcounted() {
            return over;
        }
    }
}
