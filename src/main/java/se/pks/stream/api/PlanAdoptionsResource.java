package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.storage.PlanVersions;

/**
 * The board's adoption of a year's plan, the "budget" the year is followed up against besides the current plan (V21,
 * docs/plans-and-units-api.md, "Plan versions and the adopted plan"). Leadership adopts; an adoption is never changed:
 * adopting the year again, with a reason, adds a new one that supersedes it. Every adoption is in the audit trail.
 */
@Path("/api/v1/plan-adoptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class PlanAdoptionsResource {

    static final int MIN_YEAR = 2000;
    static final int MAX_YEAR = 2100;

    /**
     * One adoption: {@code planRows} how many plan rows it adopted, {@code supersedes} the adoption of the same year it
     * replaced (null for the first), {@code standing} false once a later adoption replaced it.
     */
    public record PlanAdoption(long adoptionId, int year, OffsetDateTime adoptedAt, String adoptedBy, String reason,
                               Long supersedes, int planRows, boolean standing) {

        static PlanAdoption of(final PlanVersions.Adoption row) {
            return new PlanAdoption(row.adoptionId(), row.year(), row.adoptedAt(), row.adoptedBy(), row.reason(),
                    row.supersedes(), row.planRows(), row.standing());
        }
    }

    @Inject
    PlanVersions versions;

    @Inject
    AccessScope access;

    /** Every adoption, newest first; {@code year} narrows to one year. */
    @GET
    public List<PlanAdoption> list(@QueryParam("year") final String year) {
        final Integer parsed = year == null ? null : RequestValues.optionalInt("year", year, 0, MIN_YEAR, MAX_YEAR);
        return versions.adoptions(parsed).stream().map(PlanAdoption::of).toList();
    }

    /**
     * Body: {"year": 2027, "reason": "..."}: adopts the year's plan rows as they stand now. The reason is optional
     * the first time and required to adopt a year again.
     */
    @POST
    @RolesAllowed(AccessScope.LEADERSHIP)
    @Consumes(MediaType.WILDCARD)
    public Response adopt(final byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("year", "is required: the year whose plan the board adopted, e.g."
                    + " {\"year\":2027,\"reason\":\"budget adopted by the regional board on 10 December\"}");
        }
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final Long year = fields.wholeNumber("year", true);
        final String reason = fields.text("reason", false, PlansResource.MAX_REASON);
        if (year != null && (year < MIN_YEAR || year > MAX_YEAR)) {
            fields.error("year", "must be a year from " + MIN_YEAR + " to " + MAX_YEAR + ", was " + year);
        }
        fields.requireValid();
        final PlanVersions.Adoption adoption = versions.adopt(year.intValue(),
                AuditTrail.Actor.person(access.user()), reason == null || reason.isEmpty() ? null : reason);
        return Response.status(Response.Status.CREATED).entity(PlanAdoption.of(adoption)).build();
    }
}
