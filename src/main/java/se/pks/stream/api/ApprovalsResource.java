package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import se.pks.stream.storage.ApprovalTable;
import se.pks.stream.storage.ApprovedFigureQueries;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.storage.UnitOrganisations;

/**
 * Approval and publication by level (docs/approval.md). A production manager approves a month or tertial of a unit of
 * their organisations; the organisation's approver (role {@code approver}) approves the organisation's once all of
 * its units with figures in the period are approved, and the region's approver (role {@code approver} with a
 * {@code region:} grant) the region's once all of its organisations with figures are. Approving publishes the period's figures as they stand, in the
 * same transaction; re-opening, with a reason, withdraws the approval until the period is approved again. Every step
 * goes into the audit trail with the person's user id and the comment or reason.
 */
@Path("/api/v1/approvals")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.APPROVER})
public class ApprovalsResource {

    static final int MAX_TEXT = 1000;

    @Inject
    ApprovalTable approvals;

    @Inject
    ApprovedFigureQueries figures;

    @Inject
    UnitOrganisations units;

    @Inject
    AccessScope access;

    enum Level { UNIT, ORGANISATION, REGION }

    /** An approval as it stands after the change; {@code publishedFigures} is how many figures it published. */
    public record Approval(String level, String subjectId, String organisationId, String periodKind,
                           LocalDate periodStart, LocalDate periodEnd, String state, int version, String approvedBy,
                           OffsetDateTime approvedAt, String comment, String reopenedBy, OffsetDateTime reopenedAt,
                           String reopenReason, long publishedFigures) {

        static Approval of(final ApprovalTable.Approval row) {
            return new Approval(row.level().name(), row.subjectId(), row.organisationId(), row.periodKind(),
                    row.periodStart(), row.periodEnd(), row.state(), row.version(), row.approvedBy(),
                    row.approvedAt(), row.comment(), row.reopenedBy(), row.reopenedAt(), row.reopenReason(),
                    row.publishedFigures());
        }
    }

    /** A listed period: its approval and how many of its published figures the live ones have moved away from. */
    public record ApprovedPeriod(String level, String subjectId, String organisationId, String periodKind,
                                 LocalDate periodStart, LocalDate periodEnd, String state, int version,
                                 String approvedBy, OffsetDateTime approvedAt, long publishedFigures,
                                 long changedFigures) {

        static ApprovedPeriod of(final ApprovedFigureQueries.ApprovedPeriod row) {
            return new ApprovedPeriod(row.level(), row.subjectId(), row.organisationId(), row.periodKind(),
                    row.periodStart(), row.periodEnd(), row.state(), row.version(), row.approvedBy(),
                    row.approvedAt(), row.publishedFigures(), row.changedFigures());
        }
    }

    /** The published figures of one period beside the live ones. */
    public record PeriodFigures(ApprovedPeriod approval, List<ApprovedFigure> figures) {
    }

    /**
     * Approved periods the reader may see (leadership every organisation, the others their own), newest first.
     * Filters: level, organisationId, periodKind, periodStart, changedOnly (true: only periods with figures changed
     * after approval).
     */
    @GET
    public List<ApprovedPeriod> list(@QueryParam("level") final String level,
                                     @QueryParam("organisationId") final String organisationId,
                                     @QueryParam("periodKind") final String periodKind,
                                     @QueryParam("periodStart") final String periodStart,
                                     @QueryParam("changedOnly") final String changedOnly) {
        final Level parsedLevel = RequestValues.optionalEnum("level", level, Level.class);
        final ApprovalPeriod.Kind kind =
                RequestValues.optionalEnum("periodKind", periodKind, ApprovalPeriod.Kind.class);
        final LocalDate start = RequestValues.optionalDate("periodStart", periodStart);
        final boolean changed = RequestValues.optionalBoolean("changedOnly", changedOnly);
        Set<String> organisations = null;
        if (organisationId != null) {
            if (!access.mayReadApprovals(organisationId)) {
                throw ProblemException.forbidden("You have no access to organisation " + organisationId);
            }
            organisations = Set.of(organisationId);
        } else if (!access.readsAll()) {
            organisations = readable();
        }
        return figures.periods(new ApprovedFigureQueries.Filter(parsedLevel == null ? null : parsedLevel.name(),
                null, organisations, kind == null ? null : kind.name(), start, changed))
                .stream().map(ApprovedPeriod::of).toList();
    }

    @GET
    @Path("/units/{unitId}/{periodKind}/{periodStart}")
    public PeriodFigures unitFigures(@PathParam("unitId") final String unitId,
                                     @PathParam("periodKind") final String periodKind,
                                     @PathParam("periodStart") final String periodStart) {
        final String organisation = organisationOf(unitId);
        if (!access.mayReadApprovals(organisation)) {
            throw ProblemException.forbidden("You have no access to organisation " + organisation);
        }
        return periodFigures(Level.UNIT, unitId, ApprovalPeriod.parse(periodKind, periodStart));
    }

    @GET
    @Path("/organisations/{organisationId}/{periodKind}/{periodStart}")
    public PeriodFigures organisationFigures(@PathParam("organisationId") final String organisationId,
                                             @PathParam("periodKind") final String periodKind,
                                             @PathParam("periodStart") final String periodStart) {
        knownOrganisation(organisationId);
        if (!access.mayReadApprovals(organisationId)) {
            throw ProblemException.forbidden("You have no access to organisation " + organisationId);
        }
        return periodFigures(Level.ORGANISATION, organisationId, ApprovalPeriod.parse(periodKind, periodStart));
    }

    /** The region's published figures of the period beside the live ones: leadership and the region's approver. */
    @GET
    @Path("/regions/{regionId}/{periodKind}/{periodStart}")
    public PeriodFigures regionFigures(@PathParam("regionId") final String regionId,
                                       @PathParam("periodKind") final String periodKind,
                                       @PathParam("periodStart") final String periodStart) {
        knownRegion(regionId);
        if (!access.readsAll() && !access.approvableRegions().contains(regionId)) {
            throw ProblemException.forbidden("You have no access to the approvals of region " + regionId);
        }
        return periodFigures(Level.REGION, regionId, ApprovalPeriod.parse(periodKind, periodStart));
    }

    /** Body (optional): {"comment": "..."}. Once every organisation of the region with figures has approved. */
    @POST
    @RolesAllowed(AccessScope.APPROVER)
    @Path("/regions/{regionId}/{periodKind}/{periodStart}")
    @Consumes(MediaType.WILDCARD)
    public Response approveRegion(@PathParam("regionId") final String regionId,
                                  @PathParam("periodKind") final String periodKind,
                                  @PathParam("periodStart") final String periodStart, final byte[] body) {
        return approve(regionKey(regionId, periodKind, periodStart), comment(body));
    }

    /** Body: {"reason": "..."}, required. */
    @POST
    @RolesAllowed(AccessScope.APPROVER)
    @Path("/regions/{regionId}/{periodKind}/{periodStart}/reopen")
    @Consumes(MediaType.WILDCARD)
    public Approval reopenRegion(@PathParam("regionId") final String regionId,
                                 @PathParam("periodKind") final String periodKind,
                                 @PathParam("periodStart") final String periodStart, final byte[] body) {
        return reopen(regionKey(regionId, periodKind, periodStart), reason(body));
    }

    /** Body (optional): {"comment": "..."}, kept with the approval and in the audit trail. */
    @POST
    @RolesAllowed(AccessScope.PRODUCTION_MANAGER)
    @Path("/units/{unitId}/{periodKind}/{periodStart}")
    @Consumes(MediaType.WILDCARD)
    public Response approveUnit(@PathParam("unitId") final String unitId,
                                @PathParam("periodKind") final String periodKind,
                                @PathParam("periodStart") final String periodStart, final byte[] body) {
        final ApprovalTable.Key key = unitKey(unitId, periodKind, periodStart);
        return approve(key, comment(body));
    }

    /** Body: {"reason": "..."}, required. */
    @POST
    @RolesAllowed(AccessScope.PRODUCTION_MANAGER)
    @Path("/units/{unitId}/{periodKind}/{periodStart}/reopen")
    @Consumes(MediaType.WILDCARD)
    public Approval reopenUnit(@PathParam("unitId") final String unitId,
                               @PathParam("periodKind") final String periodKind,
                               @PathParam("periodStart") final String periodStart, final byte[] body) {
        final ApprovalTable.Key key = unitKey(unitId, periodKind, periodStart);
        return reopen(key, reason(body));
    }

    @POST
    @RolesAllowed(AccessScope.APPROVER)
    @Path("/organisations/{organisationId}/{periodKind}/{periodStart}")
    @Consumes(MediaType.WILDCARD)
    public Response approveOrganisation(@PathParam("organisationId") final String organisationId,
                                        @PathParam("periodKind") final String periodKind,
                                        @PathParam("periodStart") final String periodStart, final byte[] body) {
        final ApprovalTable.Key key = organisationKey(organisationId, periodKind, periodStart);
        return approve(key, comment(body));
    }

    @POST
    @RolesAllowed(AccessScope.APPROVER)
    @Path("/organisations/{organisationId}/{periodKind}/{periodStart}/reopen")
    @Consumes(MediaType.WILDCARD)
    public Approval reopenOrganisation(@PathParam("organisationId") final String organisationId,
                                       @PathParam("periodKind") final String periodKind,
                                       @PathParam("periodStart") final String periodStart, final byte[] body) {
        final ApprovalTable.Key key = organisationKey(organisationId, periodKind, periodStart);
        return reopen(key, reason(body));
    }

    private Response approve(final ApprovalTable.Key key, final String comment) {
        final ApprovalTable.Approval approval = approvals.approve(key, actor(), comment);
        return Response.status(approval.version() == 1 ? Response.Status.CREATED : Response.Status.OK)
                .entity(Approval.of(approval)).build();
    }

    private Approval reopen(final ApprovalTable.Key key, final String reason) {
        return Approval.of(approvals.reopen(key, actor(), reason));
    }

    private PeriodFigures periodFigures(final Level level, final String subjectId, final ApprovalPeriod period) {
        final List<ApprovedFigureQueries.ApprovedPeriod> approved = figures.periods(new ApprovedFigureQueries.Filter(
                level.name(), subjectId, null, period.kind(), period.start(), false));
        if (approved.isEmpty()) {
            throw ProblemException.notFound("The " + period.kind() + " from " + period.start() + " of "
                    + level.name().toLowerCase(Locale.ROOT) + " " + subjectId + " has never been approved");
        }
        return new PeriodFigures(ApprovedPeriod.of(approved.getFirst()),
                figures.figures(level.name(), subjectId, period.kind(), period.start()).stream()
                        .map(ApprovedFigure::of).toList());
    }

    /** The unit's key after the checks in the order a caller can fix them: the unit, their access, the period. */
    private ApprovalTable.Key unitKey(final String unitId, final String periodKind, final String periodStart) {
        final String organisation = organisationOf(unitId);
        if (!access.mayChange(organisation)) {
            throw ProblemException.forbidden("You may not approve unit " + unitId + ": it belongs to organisation "
                    + organisation + ", and you are production manager of "
                    + describe(access.grantedOrganisations()));
        }
        final ApprovalPeriod period = ApprovalPeriod.parse(periodKind, periodStart);
        return new ApprovalTable.Key(ApprovalTable.Level.UNIT, unitId, organisation, period.kind(), period.start(),
                period.end());
    }

    private ApprovalTable.Key organisationKey(final String organisationId, final String periodKind,
                                              final String periodStart) {
        knownOrganisation(organisationId);
        if (!access.approvableOrganisations().contains(organisationId)) {
            throw ProblemException.forbidden("You may not approve organisation " + organisationId
                    + ": you are approver of " + describe(access.approvableOrganisations()));
        }
        final ApprovalPeriod period = ApprovalPeriod.parse(periodKind, periodStart);
        return new ApprovalTable.Key(ApprovalTable.Level.ORGANISATION, organisationId, organisationId, period.kind(),
                period.start(), period.end());
    }

    private ApprovalTable.Key regionKey(final String regionId, final String periodKind, final String periodStart) {
        knownRegion(regionId);
        if (!access.approvableRegions().contains(regionId)) {
            throw ProblemException.forbidden("You may not approve region " + regionId + ": you are approver of "
                    + (access.approvableRegions().isEmpty() ? "no region"
                            : "region " + String.join(", ", access.approvableRegions())));
        }
        final ApprovalPeriod period = ApprovalPeriod.parse(periodKind, periodStart);
        return new ApprovalTable.Key(ApprovalTable.Level.REGION, regionId, null, period.kind(), period.start(),
                period.end());
    }

    private void knownRegion(final String regionId) {
        if (!units.regionExists(regionId)) {
            throw ProblemException.notFound("unknown regionId '" + regionId + "'");
        }
    }

    private String organisationOf(final String unitId) {
        return units.organisationOf(unitId)
                .orElseThrow(() -> ProblemException.notFound("unknown unitId '" + unitId + "'"));
    }

    private void knownOrganisation(final String organisationId) {
        if (!units.organisationExists(organisationId)) {
            throw ProblemException.notFound("unknown organisationId '" + organisationId + "'");
        }
    }

    private Set<String> readable() {
        final Set<String> readable = new TreeSet<>(access.grantedOrganisations());
        readable.addAll(access.approvableOrganisations());
        return readable;
    }

    private AuditTrail.Actor actor() {
        return AuditTrail.Actor.person(access.user());
    }

    private static String describe(final Set<String> organisations) {
        return organisations.isEmpty() ? "no organisation" : String.join(", ", organisations);
    }

    private static String comment(final byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final String comment = fields.text("comment", false, MAX_TEXT);
        fields.requireValid();
        return comment;
    }

    private static String reason(final byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("reason", "is required: say why the approval is withdrawn, e.g."
                    + " {\"reason\":\"late registrations for March\"}");
        }
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final String reason = fields.text("reason", true, MAX_TEXT);
        fields.requireValid();
        return reason;
    }
}
