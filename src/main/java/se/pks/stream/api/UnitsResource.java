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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import se.pks.stream.ingest.UnitValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.CareUnit;
import se.pks.stream.topics.Topics;

/**
 * The unit register ({@code pks.units.v1}). Reads come from the stream's own copy of the register, so a unit listed
 * here is one the stream accepts events and plans for; writes go to the topic and show up here moments later.
 */
@Path("/api/v1/units")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class UnitsResource {

    private final UnitValidator validator = new UnitValidator();

    @Inject
    RegisteredUnits units;

    @Inject
    AuditedWriter writer;

    @GET
    public List<CareUnit> list() {
        return units.all();
    }

    @GET
    @Path("/{unitId}")
    public CareUnit get(@PathParam("unitId") final String unitId) {
        return units.find(unitId).orElseThrow(() -> ProblemException.notFound("unknown unit '" + unitId + "'"));
    }

    /** Adds or replaces the unit; 202 because the register shows it only once the stream has read it. */
    @PUT
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{unitId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("unitId") final String unitId, final byte[] body) {
        final Validation<CareUnit> result = validator.validate(unitId, RequestValues.jsonObject(body));
        if (result instanceof Validation.Rejected<CareUnit> rejected) {
            throw ProblemException.invalid(rejected.reasons());
        }
        final CareUnit unit = ((Validation.Accepted<CareUnit>) result).value();
        return Response.accepted(writer.write(Topics.UNITS, "unit", unit.unitId(), unit)).build();
    }

    /**
     * Removes the unit with a tombstone. Its plans stay on {@code pks.plans.v1}; from then on the stream rejects new
     * events and plan rows for it.
     */
    @DELETE
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{unitId}")
    public Response delete(@PathParam("unitId") final String unitId) {
        get(unitId);
        return Response.accepted(writer.write(Topics.UNITS, "unit", unitId, null)).build();
    }
}
