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
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import se.pks.stream.storage.WriteRefused;
import se.pks.stream.storage.ApprovalTable;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * The demo region's approvals: the public page and the public API show approved figures only (docs/approval.md), so
 * the demo approves, as the region's production managers and approvers would have, the units' months of the last
 * year (the weekly charts), the organisations' month before the last ended one (their year to date), and every unit's
 * and organisation's last complete tertial (the key figures). The last ended month is left for the reader to approve
 * by hand, as the README and docs/approval.md do. It waits until the demo's figures
 * have settled in the database: an approval of figures still streaming in would be flagged "changed after approval"
 * at once. Approved in the name of {@code service:demo}, not of a person, since no person checked them.
 */
@ApplicationScoped
public class DemoApprovals {

    private static final Logger LOG = Logger.getLogger(DemoApprovals.class);
    private static final AuditTrail.Actor DEMO = AuditTrail.Actor.service("demo");
    private static final Duration POLL = Duration.ofSeconds(3);
    private static final Duration SETTLED_WITHIN = Duration.ofMinutes(30);
    /**
     * The months before the last ended one whose units' figures are approved: a year of weekly charts. Only the month
     * before the last is approved for the organisations too (the year to date needs the latest only): an
     * organisation's approval adds up its units' figures and their deficiencies, some seconds each on a laptop,
     * whereas a unit's takes a fraction of a second, and the demo should be approved a few minutes after start-up.
     */
    private static final int MONTHS = 12;
    /** Polls in a row with the same figures before they count as settled (the sink writes in bursts). */
    private static final int SAME_IN_A_ROW = 5;
    /** The topics the demo writes events and plans to, which the stream must have read to their end. */
    private static final List<String> DEMO_TOPICS = Stream.of(Topics.VISITS, Topics.OPERATIONS,
            Topics.BED_OCCUPANCY, Topics.WAITING_LIST, Topics.PLANS).map(Topic::name).toList();

    /**
     * What moves while the stream and the sink work through the demo, and whether they are through: figures stored,
     * a deviation for every plan row, nothing waiting for the refresher. Unchanged and through means settled.
     */
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
     * Waits until the stream has read every record and the stored figures stop moving, then approves, oldest first,
     * every unit's month of the twelve before the last ended one, the organisations' month before that last one
     * (their year to date), and every unit's and organisation's last complete tertial (the key figures), last.
     */
    void approveEndedMonths(final Admin admin, final LocalDate firstDay, final LocalDate lastDay)
            throws SQLException, ExecutionException, InterruptedException {
        final long started = System.nanoTime();
        awaitSettled(admin);
        final long settled = System.nanoTime();
        final Map<String, List<String>> unitsByOrganisation = unitsByOrganisation();
        final LocalDate lastEnded = lastDay.plusDays(1).withDayOfMonth(1).minusMonths(1);
        final LocalDate monthBeforeLast = lastEnded.minusMonths(1);
        int approved = 0;
        for (LocalDate month = max(lastEnded.minusMonths(MONTHS), firstDay.withDayOfMonth(1));
             !month.isAfter(monthBeforeLast); month = month.plusMonths(1)) {
            approved += approvePeriod(unitsByOrganisation, "MONTH", month, month.plusMonths(1).minusDays(1),
                    month.equals(monthBeforeLast));
        }
        final LocalDate today = lastDay.plusDays(1);
        final LocalDate tertial = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 4 * 4 + 1)
                .minusMonths(4);
        if (!tertial.isBefore(firstDay)) {
            approved += approvePeriod(unitsByOrganisation, "TERTIAL", tertial, tertial.plusMonths(4).minusDays(1),
                    true);
        }
        LOG.infof("Demo region approved: %d months and tertials of units and organisations up to %s (the figures"
                + " settled in %d s, the approvals took %d s); %s is left to approve by hand", approved,
                lastEnded.minusDays(1), (settled - started) / 1_000_000_000, (System.nanoTime() - settled)
                / 1_000_000_000, lastEnded);
    }

    private static LocalDate max(final LocalDate a, final LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** Every unit's period and, with {@code organisations}, then its organisation's: how many were approved. */
    private int approvePeriod(final Map<String, List<String>> unitsByOrganisation, final String kind,
                              final LocalDate start, final LocalDate end, final boolean organisations) {
        int approved = 0;
        for (final Map.Entry<String, List<String>> organisation : unitsByOrganisation.entrySet()) {
            for (final String unitId : organisation.getValue()) {
                approved += approve(new ApprovalTable.Key(ApprovalTable.Level.UNIT, unitId, organisation.getKey(),
                        kind, start, end));
            }
            if (organisations) {
                approved += approve(new ApprovalTable.Key(ApprovalTable.Level.ORGANISATION, organisation.getKey(),
                        organisation.getKey(), kind, start, end));
            }
        }
        return approved;
    }

    /** 1 when approved; 0 when there is nothing to approve (a unit without figures that month) or it is done. */
    private int approve(final ApprovalTable.Key key) {
        try {
            approvals.approve(key, DEMO, "approved by the demo region as its approvers would have");
            return 1;
        } catch (final WriteRefused refused) {
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
            final String[] counts = state.split(" ");
            final boolean through = !counts[0].equals("0") && counts[0].equals(counts[1]) && counts[2].equals("0")
                    && !counts[3].equals("0") && streamsHaveReadEverything(admin);
            same = through && state.equals(previous) ? same + 1 : 0;
            previous = state;
        }
    }

    /**
     * Whether the Kafka Streams application has committed, on every partition of the demo's topics, an offset at the
     * partition's end (a partition it has not committed on yet counts as unread).
     */
    private boolean streamsHaveReadEverything(final Admin admin) throws ExecutionException, InterruptedException {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(DEMO_TOPICS).allTopicNames().get().values().forEach(description ->
                description.partitions().forEach(partition -> latest.put(
                        new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest())));
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        return ends.entrySet().stream().allMatch(end -> end.getValue().offset() == 0
                || (committed.get(end.getKey()) != null
                    && committed.get(end.getKey()).offset() >= end.getValue().offset()));
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
