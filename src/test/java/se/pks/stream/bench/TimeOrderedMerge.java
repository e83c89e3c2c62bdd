package se.pks.stream.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import se.pks.stream.demo.DemoRecord;

/**
 * The events of several regions in the order they were sent, all regions together, as real feeds reach the broker:
 * the demo generator makes one region at a time (all of its year), so each region's events are spilled to a
 * temporary file in their own order and the files merged. Only one region's events are in memory while it is
 * generated, and one record per region while merging, so a national load never has to fit in memory.
 */
final class TimeOrderedMerge {

    private final Path directory;
    private final List<Path> spills = new ArrayList<>();

    TimeOrderedMerge(final Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** One region's events, already in the order they were sent. */
    void add(final List<DemoRecord> events) throws IOException {
        final Path spill = directory.resolve("region-" + spills.size() + ".bin");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(spill)))) {
            for (final DemoRecord event : events) {
                write(out, event);
            }
        }
        spills.add(spill);
    }

    /** What receives the merged events. */
    @FunctionalInterface
    interface Sink {
        void accept(DemoRecord event) throws IOException;
    }

    /**
     * Hands every added event to {@code sink} in the order sent; events sent at the same moment come in the order of
     * their regions, and a region's own order is kept. Deletes the spill files afterwards; returns the events merged.
     */
    long merge(final Sink sink) throws IOException {
        final PriorityQueue<Head> heads = new PriorityQueue<>(
                Comparator.comparing((Head head) -> head.event.receivedAt()).thenComparingInt(head -> head.region));
        final List<DataInputStream> inputs = new ArrayList<>();
        long merged = 0;
        try {
            for (int region = 0; region < spills.size(); region++) {
                final DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(
                        spills.get(region))));
                inputs.add(in);
                final DemoRecord first = read(in);
                if (first != null) {
                    heads.add(new Head(first, region));
                }
            }
            while (!heads.isEmpty()) {
                final Head head = heads.poll();
                sink.accept(head.event);
                merged++;
                final DemoRecord next = read(inputs.get(head.region));
                if (next != null) {
                    heads.add(new Head(next, head.region));
                }
            }
        } finally {
            for (final DataInputStream in : inputs) {
                in.close();
            }
            for (final Path spill : spills) {
                Files.deleteIfExists(spill);
            }
            spills.clear();
        }
        return merged;
    }

    private static void write(final DataOutputStream out, final DemoRecord event) throws IOException {
        out.writeUTF(event.topic());
        out.writeUTF(event.key());
        out.writeLong(event.receivedAt().getEpochSecond());
        out.writeInt(event.receivedAt().getNano());
        // a tombstone has no value; -1 keeps it one
        final byte[] json = event.json() == null ? null : event.json().getBytes(StandardCharsets.UTF_8);
        out.writeInt(json == null ? -1 : json.length);
        if (json != null) {
            out.write(json);
        }
    }

    /** The next event of a spill, null at its end. */
    private static DemoRecord read(final DataInputStream in) throws IOException {
        final String topic;
        try {
            topic = in.readUTF();
        } catch (final EOFException end) {
            return null;
        }
        final String key = in.readUTF();
        final Instant receivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        final int length = in.readInt();
        final String json = length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new DemoRecord(topic, key, json, receivedAt);
    }

    private record Head(DemoRecord event, int region) {
    }
}
