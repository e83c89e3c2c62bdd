package se.pks.stream.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import se.pks.stream.demo.DemoRecord;
import se.pks.stream.demo.DemoRegion;
import se.pks.stream.demo.DemoSettings;
import se.pks.stream.demo.NationalLoad;
import se.pks.stream.topics.Topics;

/**
 * (9) Onboarding: a region that joins with its history. One new region (ids ending {@code -new}) and its whole year is
 * produced into the service that has replayed the others and whose stream time is already in the following January:
 * its register, calendar and plans first, then its events in the order they were sent. Timed from the first record
 * produced to the last figure written, as the incremental week; the SQL peer then loads the region's raw events and
 * plans and recomputes, and every figure of the region is compared.
 */
final class OnboardingStep {

    /** The region's units, for the comparison (unit ids carry the region's suffix). */
    static final String UNITS = "%-new";

    private final DemoRegion region;
    /** As the year's reference data: a day before the year's first event. */
    private final Instant registeredAt;
    private final Path rawEvents;
    private final Path plans;

    /**
     * Generates the region (one region's share of the load, as every copied region) and writes its COPY files, before
     * the step is timed: generating is not what onboarding costs a service.
     */
    OnboardingStep(final DemoSettings year, final BenchLoad load, final Path workDir) throws IOException {
        this.region = new NationalLoad(year).newRegion();
        this.registeredAt = year.firstDay().minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        this.rawEvents = workDir.resolve("raw-onboarding-events.tsv");
        this.plans = workDir.resolve("onboarding-plans.tsv");
        try (BufferedWriter out = Files.newBufferedWriter(rawEvents)) {
            for (final DemoRecord event : region.events()) {
                load.writeRaw(out, event);
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(plans)) {
            BenchLoad.writePlans(out, region);
        }
    }

    int events() {
        return region.events().size();
    }

    int plans() {
        return region.plans().size();
    }

    /** Produces the region into the running service and waits for its figures; then the SQL peer's turn. */
    Result run(final String bootstrap, final String jdbcUrl, final ServiceRun.Running running) throws Exception {
        final CpuMeter.Snapshot cpuFrom = running.cpuNow();
        final long producedFrom = System.currentTimeMillis();
        final SendFailures failures = new SendFailures();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(BenchLoad.producerProperties(bootstrap),
                new StringSerializer(), new StringSerializer())) {
            // As a region does: its units registered first, and plans and events sent once the service knows them.
            // Sent together, a plan can reach validation before the register's global table has read its unit.
            final List<DemoRecord> reference = BenchLoad.reference(region);
            reference.stream().filter(record -> record.topic().equals(Topics.UNITS.name()))
                    .forEach(record -> BenchLoad.send(producer, record, registeredAt, failures));
            producer.flush();
            awaitUnitsRegistered(jdbcUrl, region.units().size());
            reference.stream().filter(record -> !record.topic().equals(Topics.UNITS.name()))
                    .forEach(record -> BenchLoad.send(producer, record, registeredAt, failures));
            producer.flush();
            for (final DemoRecord event : region.events()) {
                BenchLoad.send(producer, event, event.receivedAt(), failures);
            }
            producer.flush();
        }
        failures.check("the onboarded region");
        final long produced = System.currentTimeMillis();
        final ServiceRun.Increment increment = running.awaitIncrement(producedFrom, cpuFrom);
        final SqlPeer.Timing recompute = SqlPeer.recompute(jdbcUrl, rawEvents, plans);
        return new Result(events(), plans(), produced - producedFrom, increment, recompute,
                SqlPeer.compare(jdbcUrl, SqlPeer.ALL_PERIODS, UNITS), SqlPeer.compare(jdbcUrl, SqlPeer.ALL_PERIODS));
    }

    /**
     * Until the database sink has written the region's units, which it reads from the same topic as the stream's unit
     * register; then a second more, since the two read independently.
     */
    private static void awaitUnitsRegistered(final String jdbcUrl, final int units) throws Exception {
        final long deadline = System.currentTimeMillis() + 60_000;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "pks", "pks");
             PreparedStatement count = connection.prepareStatement(
                     "SELECT count(*) FROM pks.unit WHERE unit_id LIKE ?")) {
            count.setString(1, UNITS);
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) >= units) {
                        Thread.sleep(1_000);
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the new region's " + units + " units did not reach pks.unit in 60 s");
    }

    /**
     * @param region the new region's figures against the peer's
     * @param all every region's, since onboarding one must not disturb the others
     */
    record Result(int events, int plans, long produceMillis, ServiceRun.Increment increment, SqlPeer.Timing recompute,
            SqlPeer.Differences region, SqlPeer.Differences all) {

        double eventsPerSecond() {
            return events / increment.seconds();
        }
    }
}
