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
import java.time.LocalDate;
import java.util.List;
import se.pks.stream.model.Feed;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.storage.ExpectedReportingTable;
import se.pks.stream.storage.ExpectedReportingTable.Expectation;

/**
 * Which unit is expected to send which feed how often (docs/data-quality.md, "Expected reporting"): what missing-data
 * figures and alerts are judged against. The planning office changes it, with a reason that goes into the audit
 * trail; everyone who reads figures may read it.
 */
@Path("/api/v1/expected-reporting")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class ExpectedReportingResource {

    /** expected_reporting.valid_from's default: expected since before any figure. */
    private static final LocalDate ALWAYS = LocalDate.of(2000, 1, 1);

    @Inject
    ExpectedReportingTable expectations;

    @Inject
    RegisteredUnits units;

    @Inject
    AccessScope access;

    enum Cadence { DAILY, WORKING_DAYS, WEEKLY }

    /** An expectation as the API answers it. */
    public record ExpectedFeed(String unitId, String feed, String cadence, LocalDate validFrom) {

        static ExpectedFeed of(final Expectation row) {
            return new ExpectedFeed(row.unitId(), row.feed(), row.cadence(), row.validFrom());
        }
    }

    @GET
    public List<ExpectedFeed> list(@QueryParam("unitId") final String unitId) {
        return expectations.list(unitId).stream().map(ExpectedFeed::of).toList();
    }

    /** Body: {"cadence": "DAILY" | "WORKING_DAYS" | "WEEKLY", "validFrom": "YYYY-MM-DD" (optional), "reason"}. */
    @PUT
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{unitId}/{feed}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ExpectedFeed put(@PathParam("unitId") final String unitId, @PathParam("feed") final String feed,
                            final byte[] body) {
        final Feed checkedFeed = key(unitId, feed);
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final Cadence cadence = fields.enumValue("cadence", true, Cadence.class);
        final LocalDate validFrom = fields.date("validFrom", false);
        final String reason = fields.text("reason", true, ThresholdsResource.MAX_REASON);
        fields.requireValid();
        final Expectation row = new Expectation(unitId, checkedFeed.name(), cadence.name(),
                validFrom == null ? ALWAYS : validFrom);
        expectations.put(row, AuditTrail.Actor.person(access.user()), reason);
        return ExpectedFeed.of(row);
    }

    /** The unit is no longer expected to send the feed; {@code reason} is required. */
    @DELETE
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{unitId}/{feed}")
    public Response delete(@PathParam("unitId") final String unitId, @PathParam("feed") final String feed,
                           @QueryParam("reason") final String reason) {
        final Feed checkedFeed = key(unitId, feed);
        if (reason == null || reason.isBlank() || reason.length() > ThresholdsResource.MAX_REASON) {
            throw ProblemException.invalid("reason", "is required, at most " + ThresholdsResource.MAX_REASON
                    + " characters");
        }
        if (!expectations.delete(unitId, checkedFeed.name(), AuditTrail.Actor.person(access.user()),
                reason.strip())) {
            throw ProblemException.notFound("Unit " + unitId + " is not expected to send " + checkedFeed);
        }
        return Response.noContent().build();
    }

    private Feed key(final String unitId, final String feed) {
        if (units.find(unitId).isEmpty()) {
            throw ProblemException.invalid("unitId", "must be a registered unit, was '" + unitId + "'");
        }
        return RequestValues.requiredEnum("feed", feed, Feed.class);
    }
}
