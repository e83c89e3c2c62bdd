package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.storage.ThresholdTable;
import se.pks.stream.storage.ThresholdTable.Threshold;

/**
 * The status bands (docs/status-projection-queues.md, "Status"): from which deviation or value a figure turns yellow
 * and red, per measure, for every unit ({@code *}) or one, for every year ({@code 0}) or one. The planning office
 * changes them, with a reason that goes into the audit trail; everyone who reads figures may read them.
 */
@Path("/api/v1/thresholds")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class ThresholdsResource {

    static final int MAX_REASON = 1000;
    private static final int FIRST_YEAR = 2000;
    private static final int LAST_YEAR = 2100;

    @Inject
    ThresholdTable thresholds;

    @Inject
    RegisteredUnits units;

    @Inject
    AccessScope access;

    enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER }

    enum Basis { DEVIATION_PCT, VALUE }

    /** A band row as the API answers it, copied from its row so that a column rename does not change the JSON. */
    public record Band(String measure, String unitId, int year, String direction, String basis, double yellowFrom,
                       double redFrom) {

        static Band of(final Threshold row) {
            return new Band(row.measure(), row.unitId(), row.year(), row.direction(), row.basis(), row.yellowFrom(),
                    row.redFrom());
        }
    }

    @GET
    public List<Band> list(@QueryParam("measure") final String measure, @QueryParam("unitId") final String unitId) {
        if (measure != null) {
            RequestValues.knownMeasure("measure", measure);
        }
        return thresholds.list(measure, unitId).stream().map(Band::of).toList();
    }

    /**
     * Body: {"direction", "basis", "yellowFrom", "redFrom", "reason"}. Where higher is better red lies below yellow
     * (red from 80 % of plan, yellow from 95 %), where lower is better above it.
     */
    @PUT
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{measure}/{unitId}/{year}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Band put(@PathParam("measure") final String measure, @PathParam("unitId") final String unitId,
                    @PathParam("year") final String year, final byte[] body) {
        final Threshold key = key(measure, unitId, year);
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final Direction direction = fields.enumValue("direction", true, Direction.class);
        final Basis basis = fields.enumValue("basis", true, Basis.class);
        final Double yellow = fields.number("yellowFrom", true);
        final Double red = fields.number("redFrom", true);
        final String reason = fields.text("reason", true, MAX_REASON);
        if (direction == Direction.HIGHER_IS_BETTER && yellow != null && red != null && red > yellow) {
            fields.error("redFrom", "must not be above yellowFrom where higher is better (red is the lower band), was "
                    + red + " > " + yellow);
        }
        if (direction == Direction.LOWER_IS_BETTER && yellow != null && red != null && red < yellow) {
            fields.error("redFrom", "must not be below yellowFrom where lower is better (red is the upper band), was "
                    + red + " < " + yellow);
        }
        fields.requireValid();
        final Threshold row = new Threshold(key.measure(), key.unitId(), key.year(), direction.name(), basis.name(),
                yellow, red);
        thresholds.put(row, AuditTrail.Actor.person(access.user()), reason);
        return Band.of(row);
    }

    /** Removes a band row; the next less specific one applies from then on. {@code reason} is required. */
    @DELETE
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{measure}/{unitId}/{year}")
    public Response delete(@PathParam("measure") final String measure, @PathParam("unitId") final String unitId,
                           @PathParam("year") final String year, @QueryParam("reason") final String reason) {
        final Threshold key = key(measure, unitId, year);
        if (reason == null || reason.isBlank() || reason.length() > MAX_REASON) {
            throw ProblemException.invalid("reason", "is required, at most " + MAX_REASON + " characters");
        }
        if (!thresholds.delete(key.measure(), key.unitId(), key.year(), AuditTrail.Actor.person(access.user()),
                reason.strip())) {
            throw ProblemException.notFound("There is no threshold for " + key.measure() + ", unit " + key.unitId()
                    + ", year " + key.year());
        }
        return Response.noContent().build();
    }

    /** The row's key from the path, checked: a known measure, '*' or a registered unit, 0 or a plausible year. */
    private Threshold key(final String measure, final String unitId, final String year) {
        RequestValues.knownMeasure("measure", measure);
        if (!"*".equals(unitId) && units.find(unitId).isEmpty()) {
            throw ProblemException.invalid("unitId", "must be '*' (every unit) or a registered unit, was '" + unitId
                    + "'");
        }
        final int parsedYear = RequestValues.optionalInt("year", year, 0, 0, LAST_YEAR);
        if (parsedYear != 0 && parsedYear < FIRST_YEAR) {
            throw ProblemException.invalid("year", "must be 0 (every year) or from " + FIRST_YEAR + " to "
                    + LAST_YEAR + ", was " + parsedYear);
        }
        return new Threshold(measure, unitId, parsedYear, null, null, 0, 0);
    }
}
