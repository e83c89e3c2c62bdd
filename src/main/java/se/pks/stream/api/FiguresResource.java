package se.pks.stream.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import se.pks.stream.model.Granularity;
import se.pks.stream.storage.FigureQueries;
import se.pks.stream.storage.FigureQueries.DeviationRow;
import se.pks.stream.storage.FigureQueries.MeasureValueRow;

/** Read access to the published figures: the same rows the dashboards read. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FiguresResource {

    private static final int MAX_ROWS = 10_000;

    @Inject
    FigureQueries queries;

    @GET
    @Path("/measure-values")
    public List<MeasureValueRow> measureValues(@QueryParam("unitId") final String unitId,
                                               @QueryParam("measure") final String measure,
                                               @QueryParam("granularity") final String granularity,
                                               @QueryParam("from") final String from,
                                               @QueryParam("to") final String to,
                                               @QueryParam("limit") final Integer limit) {
        return queries.measureValues(new FigureQueries.Filter(unitId, measure, granularity(granularity),
                date("from", from), date("to", to), limit(limit)));
    }

    @GET
    @Path("/deviations")
    public List<DeviationRow> deviations(@QueryParam("unitId") final String unitId,
                                         @QueryParam("measure") final String measure,
                                         @QueryParam("granularity") final String granularity,
                                         @QueryParam("from") final String from,
                                         @QueryParam("to") final String to,
                                         @QueryParam("limit") final Integer limit) {
        return queries.deviations(new FigureQueries.Filter(unitId, measure, granularity(granularity),
                date("from", from), date("to", to), limit(limit)));
    }

    private static Granularity granularity(final String value) {
        if (value == null) {
            return null;
        }
        try {
            return Granularity.valueOf(value);
        } catch (final IllegalArgumentException e) {
            throw new BadRequestException("granularity: must be WEEK or MONTH, was '" + value + "'");
        }
    }

    private static LocalDate date(final String name, final String value) {
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (final DateTimeParseException e) {
            throw new BadRequestException(name + ": must be a date YYYY-MM-DD, was '" + value + "'");
        }
    }

    private static int limit(final Integer limit) {
        if (limit == null) {
            return 1000;
        }
        if (limit < 1 || limit > MAX_ROWS) {
            throw new BadRequestException("limit: must be between 1 and " + MAX_ROWS);
        }
        return limit;
    }
}
