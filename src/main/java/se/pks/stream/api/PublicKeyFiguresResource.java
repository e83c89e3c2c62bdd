package se.pks.stream.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.pks.stream.storage.PublicResultsQueries;
import se.pks.stream.storage.PublishedKeyFigureQueries;
import se.pks.stream.storage.PublishedKeyFigureQueries.RegionFigure;
import se.pks.stream.storage.PublishedKeyFigureQueries.Tertial;
import se.pks.stream.storage.PublishedKeyFigureQueries.UnitFigure;

/**
 * The key figures of the public results page (docs/public-results.md): each unit of a region beside the region's
 * other units for the last complete tertial, own units and private providers by the same method, over the values
 * frozen when the units' tertial was approved, of the organisations that approved it. Open data like the rest of
 * {@code /api/v1/public}, and, like it, only approved figures aggregated per unit and period.
 */
@PermitAll
@Path("/api/v1/public/key-figures")
@Produces(MediaType.APPLICATION_JSON)
public class PublicKeyFiguresResource {

    /** One unit's value, its rank in the region (1 the best) and its distance to the region's median in %. */
    public record UnitValue(int rank, String unitId, String unitName, String organisationId,
                            String organisationName, String ownership, double value, Double distanceToMedianPct) {
        static UnitValue of(final UnitFigure row) {
            return new UnitValue(row.rank(), row.unitId(), row.unitName(), row.organisationId(),
                    row.organisationName(), row.ownership(), row.value(), row.distanceToMedianPct());
        }
    }

    /**
     * A key figure in one region: the median and quartiles of its units, the median of its own units and of its
     * private providers apart (null where the region has none with the figure), and every unit, best first.
     */
    public record RegionKeyFigure(String regionId, String keyFigure, String direction, int unitsInGroup,
                                  double lowerQuartile, double median, double upperQuartile, int ownUnits,
                                  Double ownMedian, int privateUnits, Double privateMedian, List<UnitValue> units) {
    }

    /** {@code asOf}: the day the last complete tertial ({@code periodStart} to {@code periodEnd}) was found from. */
    public record PublishedKeyFigures(LocalDate asOf, String periodKind, LocalDate periodStart, LocalDate periodEnd,
                                      List<RegionKeyFigure> keyFigures) {
    }

    @Inject
    PublishedKeyFigureQueries queries;

    @Inject
    PublicResultsQueries publicResults;

    /** @param organisationId narrows the answer to the organisation's region; every region when absent */
    @GET
    public PublishedKeyFigures keyFigures(@QueryParam("organisationId") final String organisationId) {
        if (organisationId != null && publicResults.organisationUnits(organisationId).isEmpty()) {
            throw ProblemException.notFound("unknown organisationId '" + organisationId + "'");
        }
        final Tertial tertial = queries.lastCompleteTertial();
        final Map<String, List<UnitValue>> units = new LinkedHashMap<>();
        for (final UnitFigure row : queries.units(tertial.start(), organisationId)) {
            units.computeIfAbsent(row.regionId() + " " + row.keyFigure(), key -> new ArrayList<>())
                    .add(UnitValue.of(row));
        }
        final List<RegionKeyFigure> figures = new ArrayList<>();
        for (final RegionFigure row : queries.regions(tertial.start(), organisationId)) {
            figures.add(new RegionKeyFigure(row.regionId(), row.keyFigure(), row.direction(), row.units(),
                    row.lowerQuartile(), row.median(), row.upperQuartile(), row.ownUnits(), row.ownMedian(),
                    row.privateUnits(), row.privateMedian(),
                    units.getOrDefault(row.regionId() + " " + row.keyFigure(), List.of())));
        }
        return new PublishedKeyFigures(tertial.asOf(), "TERTIAL", tertial.start(), tertial.end(), figures);
    }
}
