package se.pks.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** pks-stream's own settings (prefix {@code pks.}); the README lists each with its environment variable. */
@ConfigMapping(prefix = "pks")
public interface PksConfig {

    Region region();

    /** How far in the future of its arrival an event may be dated before it is rejected. */
    @WithDefault("P1D")
    Duration futureTolerance();

    /** How often changed figures are published downstream. */
    @WithDefault("250ms")
    Duration flushInterval();

    /** Catching up (a replay, a region's history, a wave of corrections): figures are published less often. */
    CatchUp catchUp();

    Guarantee guarantee();

    LateAfter lateAfter();

    TopicSettings topics();

    Sink sink();

    Demo demo();

    Admin admin();

    Ingest ingest();

    Alerts alerts();

    Shutdown shutdown();

    Audit audit();

    interface CatchUp {
        /** More records than this in one flush interval, in one task, mean that task is catching up. */
        @WithDefault("1000")
        int recordsPerFlush();

        /** How often a task that is catching up publishes its changed figures. */
        @WithDefault("5s")
        Duration flushInterval();

        /**
         * How soon a task with live traffic commits: it asks Kafka Streams for an early commit, where a task catching
         * up leaves commits to {@code kafka-streams.commit.interval.ms}.
         */
        @WithDefault("100ms")
        Duration liveCommitInterval();

        /**
         * Records received longer ago than this are history (a replay, a region's past year): a task reading only such
         * records is catching up whatever its rate, which on a loaded machine can fall below {@link #recordsPerFlush}.
         */
        @WithDefault("1m")
        Duration behind();
    }

    interface Admin {
        /** The X-Admin-Key of the operator's admin API; no default, so the admin API is off unless it is set. */
        Optional<String> key();
    }

    interface Ingest {
        /** Requests per minute and provider on the HTTP ingestion endpoint, per instance. */
        @WithDefault("600")
        int rateLimitPerMinute();
    }

    /** Alerts and their delivery to subscribers (docs/alerts-and-actions.md). */
    interface Alerts {
        /** Evaluate alert conditions and publish alert changes; off only for tools that must not alert. */
        @WithDefault("true")
        boolean enabled();

        /** Time between alert rounds: alerts lag the figures by at most this. */
        @WithDefault("30s")
        Duration evaluationInterval();

        /** Grafana's address as subscribers reach it; each notification links to a dashboard panel under it. */
        @WithDefault("http://localhost:3000")
        String dashboardBaseUrl();

        /**
         * Write each recipient's weekly digest (new, open and resolved alerts, overdue actions) once a week has
         * ended; it is delivered on the recipient's channel like the notifications.
         */
        @WithDefault("true")
        boolean weeklyDigest();

        Delivery delivery();
    }

    /** How pending notifications are sent, and retried while a channel is down. */
    interface Delivery {
        /** Off on instances that must not send (e.g. a read-only replica); the notifications wait for another. */
        @WithDefault("true")
        boolean enabled();

        /** How often an instance looks for due notifications when it has nothing else to send. */
        @WithDefault("5s")
        Duration pollInterval();

        /** Notifications claimed and sent (in parallel) per round. */
        @WithDefault("20")
        int batchSize();

        /**
         * How long a claimed notification is reserved for the instance that claimed it; after a crash another
         * instance sends it when this has passed. Must exceed the longest send (connect + request timeout).
         */
        @WithDefault("2m")
        Duration claimLease();

        /** The wait before the second attempt; each further failure doubles it, up to {@link #maxRetryDelay()}. */
        @WithDefault("10s")
        Duration firstRetryDelay();

        @WithDefault("15m")
        Duration maxRetryDelay();

        /** Each wait is shortened by a random share up to this, so instances and receivers are not hit in step. */
        @WithDefault("0.2")
        double jitter();

        /** From this many failed attempts on, each further failure is logged at WARN and counted as stalled. */
        @WithDefault("5")
        int warnAfterAttempts();

        @WithDefault("5s")
        Duration connectTimeout();

        /** The whole webhook request, from sending to the receiver's status line. */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * If set, the only hosts webhooks may be sent to (e.g. {@code hooks.slack.com}; a leading dot allows a
         * domain's subdomains: {@code .region.se}). Unset: any host, which lets a subscriber make the service call
         * internal addresses.
         */
        Optional<List<String>> webhookHosts();

        /** The right-hand side of each e-mail's Message-ID, which stays the same across resends. */
        @WithDefault("pks-stream.invalid")
        String messageIdDomain();
    }

    interface Region {
        @WithDefault("Europe/Stockholm")
        ZoneId timeZone();
    }

    /** The care guarantee's limits (national rule 0-3-90-90; limits are under review, hence configuration). */
    interface Guarantee {
        @WithDefault("90")
        int firstVisitDays();

        @WithDefault("90")
        int treatmentDays();
    }

    /** Per feed, how long after the fact an event may arrive before the data-quality register counts it late. */
    interface LateAfter {
        @WithDefault("P3D")
        Duration visits();

        @WithDefault("P3D")
        Duration operations();

        @WithDefault("P1D")
        Duration bedOccupancy();

        @WithDefault("P3D")
        Duration waitingList();
    }

    interface TopicSettings {
        /** Create missing topics at start-up (local run and tests); in production topics are managed by the platform. */
        @WithDefault("false")
        boolean create();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Sink {
        @WithDefault("true")
        boolean enabled();

        /**
         * The database sink's consumer group: by default the Kafka Streams application id with {@code -db-sink}, so
         * that each deployment on a broker (staging beside production, an old and a new application id) has a sink
         * group of its own and reads every partition into its own database. One fixed name for all made two
         * deployments' sinks split the partitions, each database silently getting part of the figures.
         *
         * <p>Renaming the group (an upgrade from the fixed {@code pks-stream-db-sink}) loses and repeats nothing: the
         * sink resumes from the positions it stored in {@code pks.sink_offset} with its rows, not from the group's
         * committed offsets (SinkOffsets.Rebalance; SinkGroupRenameTest).
         */
        @WithDefault("${quarkus.kafka-streams.application-id}-db-sink")
        String groupId();

        /**
         * The wait after the sink's first failure to write (database down, connection lost); each further failure in
         * a row doubles it, up to {@link #maxRetryDelay()}.
         */
        @WithDefault("1s")
        Duration firstRetryDelay();

        @WithDefault("30s")
        Duration maxRetryDelay();

        /** Each wait is shortened by a random share up to this, so instances do not reconnect in step. */
        @WithDefault("0.2")
        double retryJitter();
    }

    interface Demo {
        /** Load the demo region at start-up when the unit register is still empty. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("42")
        long seed();

        /** The last day of demo events; yesterday when not set. */
        Optional<LocalDate> lastDay();

        /** Event volume relative to the full demo region (same units and plans); tests load small slices. */
        @WithDefault("1.0")
        double scale();
    }

    /** The audit trail of people's changes (docs/audit.md). */
    interface Audit {
        /** Entries older than this many years are deleted, once a day; at least 1. */
        @WithDefault("10")
        int retentionYears();
    }

    /** The bounded steps of an orderly shutdown (docs/operations.md, "Stopping"); application.properties sums them. */
    interface Shutdown {
        /** For the alert and notification rounds and the refresher to finish a round already started. */
        @WithDefault("2s")
        Duration roundsGrace();

        /** For Kafka Streams to commit and close; past it, the open transactions are left for the broker to abort. */
        @WithDefault("8s")
        Duration streamsTimeout();

        /** For the database sink to finish the batch it is writing. */
        @WithDefault("2s")
        Duration sinkTimeout();
    }
}
