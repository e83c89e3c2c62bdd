package se.pks.stream.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import se.pks.stream.testing.Machine;
import se.pks.stream.testing.PackagedService;

/**
 * Rebalance test (issue 8): two instances of the packaged service on the same application id and the same database
 * share the partitions; while events keep arriving, one is stopped and the other takes over everything, with no loss:
 * the final figures equal those of an undisturbed run.
 *
 * <p>Both ways of stopping, in one run: instance A is stopped with SIGTERM (an orderly shutdown, as in a rolling
 * update) once the two have processed a tenth of the events (production goes on up to 45 % meanwhile); B takes
 * over; A is started again on its state directory and the two share the work again; once another tenth is processed
 * (production up to 80 %) B is killed with SIGKILL (a node lost) and A takes over. Production pauses at each step's
 * mark until the group has reached the step, so each stop falls while events are still arriving. Instances run with
 * {@code num.standby.replicas=1}, as in production, so each keeps a warm copy of the other's state.
 *
 * <p>Run alone: {@code ./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RebalanceIT}.
 */
class RebalanceIT {

    private static final String APPLICATION_ID = "pks-rebalance";
    private static final String A = "pks-rebalance-a";
    private static final String B = "pks-rebalance-b";
    /** The database sink's consumer group (pks.sink.group-id: the application id's), shared by all instances' sinks. */
    private static final String SINK_GROUP = APPLICATION_ID + "-db-sink";
    private static final Duration STEP_LIMIT = Duration.ofMinutes(10);
    /** Events produced per step of the loop, one step every 100 ms: at most 3,000 events a second. */
    private static final int CHUNK = 300;

    @Test
    void twoInstancesShareThePartitionsAndEachTakesOverWhenTheOtherStops() throws Exception {
        final UndisturbedRun.Result undisturbed = UndisturbedRun.result();
        final Dataset dataset = Dataset.get();
        final int events = dataset.eventCount();
        final Path dir = WorkDirs.fresh("rebalance");
        final List<PackagedService> started = new ArrayList<>();
        final List<String> log = new ArrayList<>();

        try (Cluster cluster = Cluster.start(dir, APPLICATION_ID);
             KafkaProducer<String, String> producer = Dataset.producer(cluster.bootstrap());
             RunWatch watch = new RunWatch(cluster, APPLICATION_ID, events)) {
            dataset.produceReference(cluster.bootstrap());
            final Feed feed = new Feed(dataset, producer);
            feed.upTo(events / 4);
            final long launched = System.nanoTime();
            final PackagedService a = start(A, cluster, dir, started);
            final PackagedService b = start(B, cluster, dir, started);

            // Stop A only once the two have processed a tenth of the events together, however slow the machine.
            GroupAssignment shared = feed.whileProducingUpTo(events * 45 / 100,
                    () -> processedBy(watch, events / 10, List.of(A, B)), a, b);
            log.add(step("both instances hold partitions and have processed a tenth of the events", shared, watch,
                    launched));
            feed.upTo(events * 45 / 100);

            final Progress beforeStop = watch.poll();
            a.terminate();
            final long stopped = System.nanoTime();
            log.add(step("A stopped with SIGTERM", null, watch, launched));
            final GroupAssignment bAlone = feed.whileProducingUpTo(events * 65 / 100,
                    () -> aloneOrNull(watch, B), b);
            log.add(step(String.format("B holds every partition, %.1f s after the stop", seconds(stopped)), bAlone,
                    watch, launched));

            final PackagedService a2 = start(A, cluster, dir, started);
            final long killAt = beforeStop.inputCommitted() + events / 10;
            shared = feed.whileProducingUpTo(events * 80 / 100, () -> processedBy(watch, killAt, List.of(A, B)), a2, b);
            log.add(step("A restarted; both hold partitions again and have processed another tenth", shared, watch,
                    launched));
            feed.upTo(events * 80 / 100);

            final Progress beforeKill = watch.poll();
            b.kill();
            final long killed = System.nanoTime();
            log.add(step("B killed with SIGKILL", null, watch, launched));
            final GroupAssignment aAlone = feed.whileProducingUpTo(events, () -> aloneOrNull(watch, A), a2);
            log.add(step(String.format("A holds every partition, %.1f s after the kill", seconds(killed)), aAlone,
                    watch, launched));
            feed.upTo(events);

            final Progress settled = watch.awaitSettled(RunWatch.SETTLE_LIMIT, a2::isAlive);
            log.add(step("settled", null, watch, launched));
            final FiguresSnapshot figures = FiguresSnapshot.take(cluster.jdbcUrl());
            System.out.printf("Rebalance run: %s (load average %s)%n", settled, Machine.loadAverage());
            log.forEach(line -> System.out.println("  " + line));

            final List<String> differences = figures.differencesFrom(undisturbed.figures());
            if (!differences.isEmpty()) {
                fail(differences.size() + " rows differ from the undisturbed run:\n"
                        + String.join("\n", differences.subList(0, Math.min(200, differences.size()))));
            }
            assertTrue(beforeStop.inputCommitted() > 0 && beforeStop.inputCommitted() < events,
                    "A was stopped while events were being processed: " + beforeStop);
            assertTrue(beforeKill.inputCommitted() > beforeStop.inputCommitted()
                            && beforeKill.inputCommitted() < events,
                    "B was killed while events were being processed: " + beforeKill);
        } finally {
            for (final PackagedService service : started) {
                if (service.isAlive()) {
                    service.terminate();
                }
            }
        }
    }

    private static PackagedService start(final String name, final Cluster cluster, final Path dir,
                                         final List<PackagedService> started) throws Exception {
        final PackagedService service =
                cluster.instance(APPLICATION_ID, dir.resolve("state-" + name), 1, dir).start(name);
        started.add(service);
        return service;
    }

    /** Kafka Streams' group and the database sinks' group both spread over exactly these instances. */
    private static GroupAssignment sharedOrNull(final RunWatch watch, final List<String> instances) throws Exception {
        final GroupAssignment assignment = GroupAssignment.of(watch.admin(), APPLICATION_ID, List.of(A, B));
        return assignment.sharedBy(instances)
                && GroupAssignment.membersHoldingPartitions(watch.admin(), SINK_GROUP) == instances.size()
                ? assignment : null;
    }

    /** Shared by the instances, and at least {@code committed} events processed. */
    private static GroupAssignment processedBy(final RunWatch watch, final long committed,
                                               final List<String> instances) throws Exception {
        final GroupAssignment shared = sharedOrNull(watch, instances);
        return shared != null && watch.poll().inputCommitted() >= committed ? shared : null;
    }

    private static GroupAssignment aloneOrNull(final RunWatch watch, final String instance) throws Exception {
        return sharedOrNull(watch, List.of(instance));
    }

    private static String step(final String what, final GroupAssignment assignment, final RunWatch watch,
                               final long launched) throws Exception {
        return String.format("%6.1f s  %s%s; %s", seconds(launched), what,
                assignment == null ? "" : " (" + assignment + ")", watch.poll());
    }

    private static double seconds(final long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The providers' events, sent in order a chunk at a time while the test waits for the group. */
    private static final class Feed {

        private final Dataset dataset;
        private final KafkaProducer<String, String> producer;
        private int produced;

        Feed(final Dataset dataset, final KafkaProducer<String, String> producer) {
            this.dataset = dataset;
            this.producer = producer;
        }

        void upTo(final int mark) {
            if (produced < mark) {
                dataset.produceEvents(producer, produced, mark);
                produced = mark;
            }
        }

        /** Keeps producing (up to {@code mark}, then pausing) until {@code condition} yields a value. */
        <T> T whileProducingUpTo(final int mark, final Check<T> condition, final PackagedService... running)
                throws Exception {
            final long deadline = System.nanoTime() + STEP_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (final PackagedService service : running) {
                    if (!service.isAlive()) {
                        throw new IllegalStateException(service.name() + " died on its own");
                    }
                }
                upTo(Math.min(mark, produced + CHUNK));
                final T value = condition.get();
                if (value != null) {
                    return value;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("The group did not reach the next step within " + STEP_LIMIT);
        }
    }

    @FunctionalInterface
    private interface Check<T> {
        T get() throws Exception;
    }
}
