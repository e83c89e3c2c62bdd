package se.pks.stream.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.Logger;
import se.pks.stream.PeriodicTask;
import se.pks.stream.PksConfig;

/**
 * Deletes audit entries older than {@code pks.audit.retention-years}, at start-up and once a day after it
 * (docs/audit.md). Every instance does it; deleting what another instance already deleted changes nothing.
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);
    private static final Duration PAUSE = Duration.ofDays(1);

    @Inject
    AuditTrail trail;

    @Inject
    PksConfig config;

    private PeriodicTask rounds;

    void onStart(@Observes final StartupEvent event) {
        final int years = config.audit().retentionYears();
        if (years < 1) {
            throw new IllegalArgumentException("pks.audit.retention-years must be at least 1, was " + years);
        }
        // Leap days make a year of days slightly short; the function refuses less than a year, so round up.
        final Duration retention = ChronoUnit.YEARS.getDuration().multipliedBy(years).plusDays(1);
        rounds = PeriodicTask.start("pks-audit-retention", LOG, "Audit retention", PAUSE, () -> {
            final long deleted = trail.prune(retention);
            if (deleted > 0) {
                LOG.infof("Audit trail: %d entries older than %d years deleted", deleted, years);
            }
        });
    }

    /** The daily round, for the shutdown ({@link se.pks.stream.ShutdownSequence}). */
    public Optional<PeriodicTask> rounds() {
        return Optional.ofNullable(rounds);
    }
}
