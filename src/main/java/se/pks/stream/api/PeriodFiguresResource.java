package se.pks.stream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import se.pks.stream.model.PlanKind;
import se.pks.stream.storage.Deficiencies;
import se.pks.stream.storage.PeriodFigureQueries;
import se.pks.stream.storage.PlanBasis;
import se.pks.stream.storage.PeriodFigureQueries.PeriodRow;
import se.pks.stream.storage.PeriodFigureQueries.ProjectionRow;

/**
 * Figures of every period kind, for units and rolled up to organisations, the region and own vs private, and the
 * year-end projections: the rows of the V11 *_quality views that the dashboards read, each with the deficiencies of
 * the unit figures it is made of (docs/data-quality.md).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class PeriodFiguresResource {

    private static final int DEFAULT_ROWS = 1000;
    private static final int MAX_ROWS = 10_000;

    /** The period kinds of pks.period_deviation. */
    public enum PeriodKind { WEEK, MONTH, TERTIAL, YEAR, YEAR_TO_DATE, ROLLING_12_MONTHS, ROLLING_4_WEEKS }

    /** The levels of pks.rollup_deviation: OWNERSHIP groups own (PUBLIC) and private (PRIVATE) units. */
    public enum Level { ORGANISATION, REGION, OWNERSHIP }

    /**
     * What is known to be wrong with a figure: {@code incomplete} (reports are missing), {@code flagged} (an outlier
     * or implausible value), {@code deficientUnits} (of a rollup; 0 or 1 for a unit), {@code deficiencyCount}, and
     * with {@code deficiencies=true} the labels, on a rollup prefixed with the unit.
     */
    public record Quality(boolean incomplete, boolean flagged, long deficientUnits, long deficiencyCount,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<String> deficiencies) {
        static Quality of(final long deficientUnits, final Deficiencies deficiencies,
                          final boolean listed) {
            return new Quality(deficiencies.incomplete(), deficiencies.flagged(), deficientUnits,
                    deficiencies.count(), listed ? deficiencies.labels() : null);
        }
    }

    /** Actual against plan for one period; {@code level} UNIT for a unit's own figure. */
    public record PeriodFigure(String level, String id, @JsonInclude(JsonInclude.Include.NON_NULL) String name,
                               String periodKind, LocalDate periodStart, LocalDate periodEnd, String measure,
                               String planKind, Double actual, Double expected, Double deviation, Double deviationPct,
                               String status, Quality quality) {
        static PeriodFigure of(final PeriodRow row, final boolean listed) {
            return new PeriodFigure(row.level(), row.id(), row.name(), row.periodKind(), row.periodStart(),
                    row.periodEnd(), row.measure(), row.planKind(), row.actual(), row.expected(), row.deviation(),
                    row.deviationPct(), row.status(), Quality.of(row.deficientUnits(), row.deficiencies(), listed));
        }
    }

    /**
     * A year-end projection with its 95 % prediction interval and its status (docs/status-projection-queues.md),
     * against the current or the adopted plan.
     */
    public record ProjectionFigure(String level, String id, @JsonInclude(JsonInclude.Include.NON_NULL) String name,
                                   String measure, int year,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) String planGranularity,
                                   @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate elapsedThrough, long units,
                                   double actualToDate, double planToDate, double annualTarget, Double projected,
                                   Double standardError, Double intervalLow, Double intervalHigh, Double deviation,
                                   Double deviationPct, String status, Quality quality) {
        static ProjectionFigure of(final ProjectionRow row, final boolean listed) {
            return new ProjectionFigure(row.level(), row.id(), row.name(), row.measure(), row.year(),
                    row.planGranularity(), row.elapsedThrough(), row.units(), row.actualToDate(), row.planToDate(),
                    row.annualTarget(), row.projected(), row.standardError(), row.intervalLow(), row.intervalHigh(),
                    row.deviation(), row.deviationPct(), row.status(),
                    Quality.of(row.deficientUnits(), row.deficiencies(), listed));
        }
    }

    @Inject
    PeriodFigureQueries queries;

    /** {@code plan=adopted} compares with the plan the board adopted for each year instead of the current one. */
    @GET
    @Path("/period-deviations")
    public List<PeriodFigure> unitPeriods(@QueryParam("unitId") final String unitId,
                                          @QueryParam("measure") final String measure,
                                          @QueryParam("periodKind") final String periodKind,
                                          @QueryParam("planKind") final String planKind,
                                          @QueryParam("from") final String from,
                                          @QueryParam("to") final String to,
                                          @QueryParam("limit") final Integer limit,
                                          @QueryParam("deficiencies") final String deficiencies,
                                          @QueryParam("plan") final String plan) {
        final boolean listed = RequestValues.optionalBoolean("deficiencies", deficiencies);
        final PlanBasis basis = RequestValues.planBasis(plan);
        return queries.unitPeriods(filter(null, unitId, measure, periodKind, planKind, from, to, limit), basis)
                .stream()
                .map(row -> PeriodFigure.of(row, listed)).toList();
    }

    /** {@code plan=adopted} compares with the plan the board adopted for each year instead of the current one. */
    @GET
    @Path("/rollups")
    public List<PeriodFigure> rollups(@QueryParam("level") final String level,
                                      @QueryParam("groupId") final String groupId,
                                      @QueryParam("measure") final String measure,
                                      @QueryParam("periodKind") final String periodKind,
                                      @QueryParam("planKind") final String planKind,
                                      @QueryParam("from") final String from,
                                      @QueryParam("to") final String to,
                                      @QueryParam("limit") final Integer limit,
                                      @QueryParam("deficiencies") final String deficiencies,
                                      @QueryParam("plan") final String plan) {
        final boolean listed = RequestValues.optionalBoolean("deficiencies", deficiencies);
        final Level parsedLevel = RequestValues.optionalEnum("level", level, Level.class);
        final PlanBasis basis = RequestValues.planBasis(plan);
        return queries.rollups(filter(parsedLevel == null ? null : parsedLevel.name(), groupId, measure, periodKind,
                planKind, from, to, limit), basis).stream().map(row -> PeriodFigure.of(row, listed)).toList();
    }

    /**
     * {@code plan=adopted} gives the projections against the plan the board adopted for each year: the run-rate
     * against that plan carried over its year (docs/status-projection-queues.md).
     */
    @GET
    @Path("/projections")
    public List<ProjectionFigure> unitProjections(@QueryParam("unitId") final String unitId,
                                                  @QueryParam("measure") final String measure,
                                                  @QueryParam("year") final String year,
                                                  @QueryParam("limit") final Integer limit,
                                                  @QueryParam("deficiencies") final String deficiencies,
                                                  @QueryParam("plan") final String plan) {
        final boolean listed = RequestValues.optionalBoolean("deficiencies", deficiencies);
        final PlanBasis basis = RequestValues.planBasis(plan);
        return queries.unitProjections(unitId, knownMeasure(measure), year(year),
                        RequestValues.limit(limit, DEFAULT_ROWS, MAX_ROWS), basis).stream()
                .map(row -> ProjectionFigure.of(row, listed)).toList();
    }

    /** {@code plan=adopted}: the sums of the units' projections against the adopted plan. */
    @GET
    @Path("/rollup-projections")
    public List<ProjectionFigure> rollupProjections(@QueryParam("level") final String level,
                                                    @QueryParam("groupId") final String groupId,
                                                    @QueryParam("measure") final String measure,
                                                    @QueryParam("year") final String year,
                                                    @QueryParam("limit") final Integer limit,
                                                    @QueryParam("deficiencies") final String deficiencies,
                                                    @QueryParam("plan") final String plan) {
        final boolean listed = RequestValues.optionalBoolean("deficiencies", deficiencies);
        final Level parsedLevel = RequestValues.optionalEnum("level", level, Level.class);
        final PlanBasis basis = RequestValues.planBasis(plan);
        return queries.rollupProjections(parsedLevel == null ? null : parsedLevel.name(), groupId,
                        knownMeasure(measure), year(year), RequestValues.limit(limit, DEFAULT_ROWS, MAX_ROWS), basis)
                .stream().map(row -> ProjectionFigure.of(row, listed)).toList();
    }

    /** A wrong parameter is answered with 400 problem details naming it, as everywhere in the API. */
    private static PeriodFigureQueries.Filter filter(final String level, final String who, final String measure,
                                                     final String periodKind, final String planKind,
                                                     final String from, final String to, final Integer limit) {
        final PeriodKind kind = RequestValues.optionalEnum("periodKind", periodKind, PeriodKind.class);
        final PlanKind plan = RequestValues.optionalEnum("planKind", planKind, PlanKind.class);
        return new PeriodFigureQueries.Filter(level, who, knownMeasure(measure), kind == null ? null : kind.name(),
                plan == null ? null : plan.name(), RequestValues.optionalDate("from", from),
                RequestValues.optionalDate("to", to), RequestValues.limit(limit, DEFAULT_ROWS, MAX_ROWS));
    }

    private static String knownMeasure(final String measure) {
        return measure == null ? null : RequestValues.knownMeasure("measure", measure);
    }

    private static Integer year(final String year) {
        return year == null ? null : RequestValues.optionalInt("year", year, 0, 2000, 2100);
    }
}
