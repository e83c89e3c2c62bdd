package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The published versions of approved periods beside the live figures ({@code pks.approved_figure} and
 * {@code pks.approval_quality}, R__09_approval.sql): what the public API shows, and which figures have moved since
 * their approval.
 */
@ApplicationScoped
public class ApprovedFigureQueries {

    private static final NamedParameters FIGURES = new NamedParameters("""
            SELECT measure, plan_kind, actual, expected, deviation, deviation_pct, status, incomplete, flagged,
                   deficiencies, live_actual, live_expected, changed_after_approval
            FROM pks.approved_figure
            WHERE level = :level AND subject_id = :subject AND period_kind = :kind AND period_start = :start
            ORDER BY measure, plan_kind NULLS FIRST""");

    private static final NamedParameters PERIODS = new NamedParameters("""
            SELECT level, subject_id, organisation_id, period_kind, period_start, period_end, state, version,
                   approved_by, approved_at, published_figures, changed_figures
            FROM pks.approval_quality
            WHERE (:level::text IS NULL OR level = :level) AND (:subject::text IS NULL OR subject_id = :subject)
              AND (:all OR organisation_id = ANY (:organisations))
              AND (:kind::text IS NULL OR period_kind = :kind) AND (:start::date IS NULL OR period_start = :start)
              AND (NOT :changedOnly OR changed_figures > 0)
            ORDER BY period_start DESC, period_kind, organisation_id, level, subject_id""");

    /** One published figure; plan kind null for a value without a plan. The live columns are as the figure is now. */
    public record ApprovedFigure(String measure, String planKind, Double actual, Double expected, Double deviation,
                                 Double deviationPct, String status, boolean incomplete, boolean flagged,
                                 List<String> deficiencies, Double liveActual, Double liveExpected,
                                 boolean changedAfterApproval) {
    }

    /** One approved (or re-opened) period with how many figures it published and how many moved since. */
    public record ApprovedPeriod(String level, String subjectId, String organisationId, String periodKind,
                                 LocalDate periodStart, LocalDate periodEnd, String state, int version,
                                 String approvedBy, OffsetDateTime approvedAt, long publishedFigures,
                                 long changedFigures) {
    }

    /** Which periods to list; null fields do not narrow, {@code organisations} null means every organisation. */
    public record Filter(String level, String subjectId, Set<String> organisations, String periodKind,
                         LocalDate periodStart, boolean changedOnly) {
    }

    @Inject
    DataSource dataSource;

    public List<ApprovedFigure> figures(final String level, final String subjectId, final String periodKind,
                                        final LocalDate periodStart) {
        return FIGURES.list(dataSource, Map.of("level", level, "subject", subjectId, "kind", periodKind,
                "start", periodStart), rows -> new ApprovedFigure(rows.getString(1), rows.getString(2),
                Rows.nullableDouble(rows, 3), Rows.nullableDouble(rows, 4), Rows.nullableDouble(rows, 5),
                Rows.nullableDouble(rows, 6), rows.getString(7), rows.getBoolean(8), rows.getBoolean(9),
                Arrays.asList((String[]) rows.getArray(10).getArray()), Rows.nullableDouble(rows, 11),
                Rows.nullableDouble(rows, 12), rows.getBoolean(13)), "Reading the approved figures");
    }

    public List<ApprovedPeriod> periods(final Filter filter) {
        final Map<String, Object> values = new HashMap<>();
        values.put("level", filter.level());
        values.put("subject", filter.subjectId());
        values.put("all", filter.organisations() == null);
        values.put("organisations", filter.organisations() == null ? new String[0]
                : filter.organisations().toArray(String[]::new));
        values.put("kind", filter.periodKind());
        values.put("start", filter.periodStart());
        values.put("changedOnly", filter.changedOnly());
        return PERIODS.list(dataSource, values, rows -> new ApprovedPeriod(rows.getString(1), rows.getString(2),
                rows.getString(3), rows.getString(4), rows.getObject(5, LocalDate.class),
                rows.getObject(6, LocalDate.class), rows.getString(7), rows.getInt(8), rows.getString(9),
                rows.getObject(10, OffsetDateTime.class), rows.getLong(11), rows.getLong(12)),
                "Reading the approved periods");
    }
}
