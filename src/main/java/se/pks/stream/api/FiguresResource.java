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
import java.time.OffsetDateTime;
import java.util.List;
import se.pks.stream.model.Granularity;
import se.pks.stream.storage.FigureQueries;
import se.pks.stream.storage.PlanBasis;
import se.pks.stream.storage.FigureQueries.DeviationRow;
import se.pks.stream.storage.FigureQueries.MeasureValueRow;

/** Read access to the published figures: the same rows the dashboards read. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class FiguresResource {

    private static final int DEFAULT_ROWS = 1000;
    private static final int MAX_ROWS = 10_000;

    /**
     * A stored weekly or monthly value with what is known to be wrong with it (docs/data-quality.md): {@code
     * incomplete} (reports of its feed are missing), {@code flagged} (an outlier or implausible value), how many
     * deficiencies, and, when asked for with {@code deficiencies=true}, their labels. A week has the same ISO week of
     * the previous year beside it (docs/data-quality.md, "The same week last year"): null for week 53 and months.
     */
    public record MeasureValue(String granularity, LocalDate periodStart, String unitId, String measure,
                               double value, OffsetDateTime updatedAt, LocalDate sameWeekLastYear,
                               Double sameWeekLastYearValue, boolean incomplete, boolean flagged,
                               long deficiencyCount,
                               @JsonInclude(JsonInclude.Include.NON_NULL) List<String> deficiencies) {
        static MeasureValue of(final MeasureValueRow row, final boolean listed) {
            return new MeasureValue(row.granularity(), row.periodStart(), row.unitId(), row.measure(), row.value(),
                    row.updatedAt(), row.sameWeekLastYear(), row.sameWeekLastYearValue(),
                    row.deficiencies().incomplete(), row.deficiencies().flagged(),
                    row.deficiencies().count(), listed ? row.deficiencies().labels() : null);
        }
    }

    /** Actual against one plan row, with its deficiencies as on {@link MeasureValue}. */
    public record Deviation(String granularity, LocalDate periodStart, String unitId, String measure,
                            String planKind, Double actual, double expected, Double deviation, Double deviationPct,
                            OffsetDateTime updatedAt, boolean incomplete, boolean flagged, long deficiencyCount,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> deficiencies) {
        static Deviation of(final DeviationRow row, final boolean listed) {
            return new Deviation(row.granularity(), row.periodStart(), row.unitId(), row.measure(), row.planKind(),
                    row.actual(), row.expected(), row.deviation(), row.deviationPct(), row.updatedAt(),
                    row.deficiencies().incomplete(), row.deficiencies().flagged(), row.deficiencies().count(),
                    listed ? row.deficiencies().labels() : null);
        }
    }

    @Inject
    FigureQueries queries;

    @GET
    @Path("/measure-values")
    public List<MeasureValue> measureValues(@QueryParam("unitId") final String unitId,
                                            @QueryParam("measure") final String measure,
                                            @QueryParam("granularity") final String granularity,
                                            @QueryParam("from") final String from,
                                            @QueryParam("to") final String to,
                                            @QueryParam("limit") final Integer limit,
                                            @QueryParam("deficiencies") final String deficiencies) {
        final boolean listed = RequestValues.optionalBoolean("deficiencies", deficiencies);
        return queries.measureValues(filter(unitId, measure, granularity, from, to, limit)).stream()
                .map(row -> MeasureValue.of(row, listed)).toList();
    }

    /**
     * Weekly and monthly deviations, one per plan row: with {@code plan=current} (the default) the stream's own, against
     * the plan as revised; with {@code plan=adopted} against the plan the board adopted for the year, one per adopted
     * plan row (none for a year nobody adopted).
     */
    @GET
    @Path("/deviations")
    public List<Deviation> deviations(@QueryParam("unitId") final String unitId,
                                      @QueryParam("measure") final String measure,
                                      @QueryParam("granularity") final String granularity,
                                      @QueryParam("from") final String from,
                                      @QueryParam("to") final String to,
                                      @QueryParam("limit") final Integer limit,
                                      @QueryParam("deficiencies") final String deficiencies,
                                      @QueryParam("plan") final String plan) {
        final boolean listed = RequestValues.optionalBoolean("deficiencies", deficiencies);
        final PlanBasis basis = RequestValues.planBasis(plan);
        return queries.deviations(filter(unitId, measure, granularity, from, to, limit), basis).stream()
                .map(row -> Deviation.of(row, listed)).toList();
    }

    /** A wrong parameter is answered with 400 problem details naming it, as everywhere in the API. */
    private static FigureQueries.Filter filter(final String unitId, final String measure, final String granularity,
                                               final String from, final String to, final Integer limit) {
        return new FigureQueries.Filter(unitId, measure,
                RequestValues.optionalEnum("granularity", granularity, Granularity.class),
                RequestValues.optionalDate("from", from), RequestValues.optionalDate("to", to),
                RequestValues.limit(limit, DEFAULT_ROWS, MAX_ROWS));
    }
}
