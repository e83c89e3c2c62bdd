package se.pks.stream.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import se.pks.stream.storage.ApprovalRefused;
import se.pks.stream.storage.ApprovalTable;
import se.pks.stream.storage.AuditTrail;

/**
 * The demo region's approvals: the public page and the public API show approved figures only (docs/approval.md), so
 * the demo approves its ended months as the region's production managers and approvers would have, every unit's
 * month and then its organisation's, newest first (the page reads the latest approved month). The last ended month
 * is left for the reader to approve by hand, as the README and docs/approval.md do. It waits until the demo's figures
 * have settled in the database: an approval of figures still streaming in would be flagged "changed after approval"
 * at once. Approved in the name of {@code service:demo}, not of a person, since no person checked them.
 */
@ApplicationScoped
public class DemoApprovals {

    private static final Logger LOG = Logger.getLogger(DemoApprovals.class);
    private static final AuditTrail.Actor DEMO = AuditTrail.Actor.service("demo");
    private static final Duration POLL = Duration.ofSeconds(3);
    private static final Duration SETTLED_WITHIN = Duration.ofMinutes(30);
    /** Polls in a row with the same figures before they count as settled (the sink writes in bursts). */
    private static final int SAME_IN_A_ROW = 3;

    /** What moves while the stream and the sink work through the demo: unchanged means settled. */
    private static final String FIGURES_STATE = """
            SELECT (SELECT count(*) FROM pks.plan) || ' ' || (SELECT count(*) FROM pks.deviation) || ' '
                || (SELECT count(*) FROM pks.refresh_request) || ' '
                || (SELECT count(*) || ' ' || coalesce(max(updated_at)::text, '') FROM pks.measure_value) || ' '
                || (SELECT coalesce(sum(received), 0) FROM pks.feed_quality)""";
    private static final String UNITS = """
            SELECT unit_id, organisation_id FROM pks.unit ORDER BY organisation_id, unit_id""";

    @Inject
    DataSource dataSource;

    @Inject
    ApprovalTable approvals;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    /**
     * Waits until the stream has read every record and the stored figures stop moving, then approves every unit's and
     * organisation's month from the one before {@code lastDay}'s last ended month back to {@code firstDay}'s.
     */
    void approveEndedMonths(final Admin admin, final LocalDate firstDay, final LocalDate lastDay)
            throws SQLException, ExecutionException, InterruptedException {
        final long started = System.nanoTime();
        awaitSettled(admin);
        final long settled = System.nanoTime();
        final Map<String, List<String>> unitsByOrganisation = unitsByOrganisation();
        final LocalDate lastEnded = lastDay.plusDays(1).withDayOfMonth(1).minusMonths(1);
        int unitMonths = 0;
        int organisationMonths = 0;
        for (LocalDate month = lastEnded.minusMonths(1); !month.isBefore(firstDay.withDayOfMonth(1));
             month = month.minusMonths(1)) {
            final LocalDate end = month.plusMonths(1).minusDays(1);
            for (final Map.Entry<String, List<String>> organisation : unitsByOrganisation.entrySet()) {
                for (final String unitId : organisation.getValue()) {
                    unitMonths += approve(new ApprovalTable.Key(ApprovalTable.Level.UNIT, unitId,
                            organisation.getKey(), "MONTH", month, end));
                }
                organisationMonths += approve(new ApprovalTable.Key(ApprovalTable.Level.ORGANISATION,
                        organisation.getKey(), organisation.getKey(), "MONTH", month, end));
            }
        }
        LOG.infof("Demo region approved: %d unit months and %d organisation months up to %s (the figures settled in"
                + " %d s, the approvals took %d s); %s is left to approve by hand", unitMonths, organisationMonths,
                lastEnded.minusDays(1), (settled - started) / 1_000_000_000, (System.nanoTime() - settled)
                / 1_000_000_000, lastEnded);
    }

    /** 1 when approved; 0 when there is nothing to approve (a unit without figures that month) or it is done. */
    private int approve(final ApprovalTable.Key key) {
        try {
            approvals.approve(key, DEMO, "approved by the demo region as its approvers would have");
            return 1;
        } catch (final ApprovalRefused refused) {
            LOG.debugf("Demo approval of %s %s %s left out: %s", key.level(), key.subjectId(), key.periodStart(),
                    refused.getMessage());
            return 0;
        }
    }

    private void awaitSettled(final Admin admin) throws SQLException, ExecutionException, InterruptedException {
        final long deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
        String previous = "";
        int same = 0;
        while (same < SAME_IN_A_ROW) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo's figures did not settle within " + SETTLED_WITHIN);
            }
            Thread.sleep(POLL);
            final String state = figuresState();
            same = streamsHaveReadEverything(admin) && state.equals(previous) ? same + 1 : 0;
            previous = state;
        }
    }

    /** Whether the Kafka Streams application's committed offsets are at the end of every partition it reads. */
    private boolean streamsHaveReadEverything(final Admin admin) throws ExecutionException, InterruptedException {
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        if (committed.isEmpty()) {
            return false;
        }
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        return committed.entrySet().stream().allMatch(entry -> entry.getValue() != null
                && entry.getValue().offset() >= ends.get(entry.getKey()).offset());
    }

    private String figuresState() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(FIGURES_STATE);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    private Map<String, List<String>> unitsByOrganisation() throws SQLException {
        final Map<String, List<String>> units = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(UNITS);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                units.computeIfAbsent(rows.getString(2), organisation -> new ArrayList<>()).add(rows.getString(1));
            }
        }
        return units;
    }
}
