package se.pks.stream.bench;

import java.io.IOException;
import se.pks.stream.testing.PackagedService;

/**
 * When a launched service's Kafka Streams first reached RUNNING, from Quarkus' Kafka Streams state check (a liveness
 * check that gives the state as data): the JVM's start, Flyway and the first rebalance, a fixed cost of every launch
 * that a short replay would otherwise hide in its throughput. Polled with the replay's polls, so it is late by up to
 * one poll interval.
 */
final class StreamsStart {

    private final PackagedService service;
    private long runningAt;

    StreamsStart(final PackagedService service) {
        this.service = service;
    }

    void poll() throws InterruptedException {
        if (runningAt != 0) {
            return;
        }
        try {
            if (service.get("/q/health/live").body().contains("\"RUNNING\"")) {
                runningAt = System.currentTimeMillis();
            }
        } catch (final IOException e) {
            // not listening yet
        }
    }

    /** Epoch milliseconds, 0 while not seen. */
    long runningAt() {
        return runningAt;
    }
}
