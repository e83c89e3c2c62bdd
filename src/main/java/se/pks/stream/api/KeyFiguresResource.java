package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import se.pks.stream.storage.KeyFigureQueries;
import se.pks.stream.storage.KeyFigureQueries.ComparisonRow;

/**
 * Key figures comparable between units (docs/key-figures.md): for one period, each unit's value beside the median
 * and quartiles of its group, with its rank and distance to the median. Own and private providers by the same method.
 */
@Path("/api/v1/key-figures")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class KeyFiguresResource {

    private static final Set<String> PERIOD_KINDS = Set.of("MONTH", "TERTIAL", "YEAR", "YEAR_TO_DATE",
            "ROLLING_12_MONTHS");
    private static final List<String> KEY_FIGURES = KeyFigureQueries.CATALOGUE;
    private static final int DEFAULT_ROWS = 1000;
    private static final int MAX_ROWS = 50_000;

    @Inject
    KeyFigureQueries queries;

    /** One unit's key figure beside its group, as the API answers it. */
    public record KeyFigureComparison(String groupId, String groupLabel, String periodKind, LocalDate periodStart,
                                      LocalDate periodEnd, String keyFigure, String direction, String unitId,
                                      String unitName, String organisationId, String ownership, double value,
                                      int unitsInGroup, double lowerQuartile, double median, double upperQuartile,
                                      int rank, double distanceToMedian, Double distanceToMedianPct) {

        static KeyFigureComparison of(final ComparisonRow row) {
            return new KeyFigureComparison(row.groupId(), row.groupLabel(), row.periodKind(), row.periodStart(),
                    row.periodEnd(), row.keyFigure(), row.direction(), row.unitId(), row.unitName(),
                    row.organisationId(), row.ownership(), row.value(), row.n(), row.q1(), row.median(), row.q3(),
                    row.rank(), row.distanceToMedian(), row.distanceToMedianPct());
        }
    }

    /**
     * @param periodKind  MONTH, TERTIAL, YEAR, YEAR_TO_DATE or ROLLING_12_MONTHS (required)
     * @param periodStart the period's first day (required; for the cumulative kinds the year's or window's first day)
     * @param groupId     region:&lt;region id&gt; or a group the region defined; all groups when absent
     */
    @GET
    public List<KeyFigureComparison> list(@QueryParam("periodKind") final String periodKind,
                                          @QueryParam("periodStart") final String periodStart,
                                          @QueryParam("groupId") final String groupId,
                                          @QueryParam("keyFigure") final String keyFigure,
                                          @QueryParam("unitId") final String unitId,
                                          @QueryParam("limit") final Integer limit) {
        if (periodKind == null || !PERIOD_KINDS.contains(periodKind)) {
            throw ProblemException.invalid("periodKind", "must be one of " + PERIOD_KINDS + ", was '" + periodKind
                    + "'");
        }
        if (keyFigure != null && !KEY_FIGURES.contains(keyFigure)) {
            throw ProblemException.invalid("keyFigure", "must be one of " + KEY_FIGURES + ", was '" + keyFigure
                    + "'");
        }
        return queries.comparison(new KeyFigureQueries.Filter(periodKind,
                        RequestValues.requiredDate("periodStart", periodStart), groupId, keyFigure, unitId,
                        RequestValues.limit(limit, DEFAULT_ROWS, MAX_ROWS))).stream()
                .map(KeyFigureComparison::of).toList();
    }
}
