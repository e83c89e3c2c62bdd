package se.pks.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/** pks-stream's own settings (prefix {@code pks.}); the README lists each with its environment variable. */
@ConfigMapping(prefix = "pks")
public interface PksConfig {

    Region region();

    /** How far in the future of its arrival an event may be dated before it is rejected. */
    @WithDefault("P1D")
    Duration futureTolerance();

    /** How often changed figures are published downstream. */
    @WithDefault("1s")
    Duration flushInterval();

    Guarantee guarantee();

    LateAfter lateAfter();

    TopicSettings topics();

    Sink sink();

    Demo demo();

    Admin admin();

    Ingest ingest();

    Alerts alerts();

    interface Alerts {
        /** Evaluate alert conditions and publish alert changes; off only for tools that must not alert. */
        @WithDefault("true")
        boolean enabled();

        /** Time between alert rounds: alerts lag the figures by at most this. */
        @WithDefault("30s")
        Duration evaluationInterval();
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

        @WithDefault("pks-stream-db-sink")
        String groupId();
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
}
