package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import se.pks.stream.model.Measure;
import se.pks.stream.storage.SpcRebaseTable;
import se.pks.stream.storage.SpcRebaseTable.Rebase;
import se.pks.stream.storage.UnitOrganisations;

/**
 * Re-bases of a unit's SPC chart that a person records (docs/spc.md, "Re-basing"): the process changed from a given
 * day, for a stated reason, and the weeks from then on get limits of their own. Whoever may change the actions of the
 * unit's organisation may record one; whoever may read them may read the re-bases.
 */
@Path("/api/v1/spc-rebases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER})
public class SpcRebasesResource {

    private static final int MAX_ID = 200;
    private static final int MAX_REASON = 1000;

    @Inject
    AccessScope access;

    @Inject
    SpcRebaseTable rebases;

    @Inject
    UnitOrganisations organisations;

    /** A re-base as the API answers it, copied from its row so that a column rename does not change the JSON. */
    public record SpcRebase(long rebaseId, String unitId, String measure, LocalDate rebaseFrom, String reason,
                            String recordedBy, OffsetDateTime recordedAt) {

        static SpcRebase of(final Rebase row) {
            return new SpcRebase(row.rebaseId(), row.unitId(), row.measure(), row.rebaseFrom(), row.reason(),
                    row.recordedBy(), row.recordedAt());
        }
    }

    /** The re-bases of one unit (required), optionally of one measure. */
    @GET
    public List<SpcRebase> list(@QueryParam("unitId") final String unitId, @QueryParam("measure") final String measure) {
        if (unitId == null || unitId.isBlank()) {
            throw ProblemException.invalid("unitId", "is required");
        }
        access.requireRead(organisationOf(unitId));
        return rebases.list(unitId, measure).stream().map(SpcRebase::of).toList();
    }

    /** Body: {"unitId", "measure", "rebaseFrom": "YYYY-MM-DD", "reason"}; 201 with the re-base, 409 if one exists. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response record(final byte[] body) {
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final String unitId = fields.text("unitId", true, MAX_ID);
        final String measure = fields.text("measure", true, MAX_ID);
        final LocalDate from = fields.date("rebaseFrom", true);
        final String reason = fields.text("reason", true, MAX_REASON);
        if (measure != null && Measure.byId(measure).isEmpty()) {
            fields.error("measure", "unknown measure '" + measure + "'");
        }
        fields.requireValid();
        access.requireChange(organisationOf(unitId));
        final long id = rebases.insert(unitId, measure, from, reason, access.user())
                .orElseThrow(() -> ProblemException.conflict("The chart of " + measure + " for unit " + unitId
                        + " is already re-based from " + from));
        return Response.created(URI.create("/api/v1/spc-rebases/" + unitId + "/" + measure + "/" + from))
                .entity(SpcRebase.of(rebases.find(id).orElseThrow())).build();
    }

    /** Removes a re-base recorded by mistake; the chart is recomputed without it. */
    @DELETE
    @Path("/{unitId}/{measure}/{rebaseFrom}")
    public Response remove(@PathParam("unitId") final String unitId, @PathParam("measure") final String measure,
                           @PathParam("rebaseFrom") final String rebaseFrom) {
        access.requireChange(organisationOf(unitId));
        final LocalDate from = RequestValues.requiredDate("rebaseFrom", rebaseFrom);
        if (!rebases.delete(unitId, measure, from, access.user())) {
            throw ProblemException.notFound("The chart of " + measure + " for unit " + unitId
                    + " is not re-based from " + from);
        }
        return Response.noContent().build();
    }

    private String organisationOf(final String unitId) {
        return organisations.organisationOf(unitId)
                .orElseThrow(() -> ProblemException.notFound("There is no unit " + unitId));
    }
}
