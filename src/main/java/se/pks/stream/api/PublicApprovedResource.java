package se.pks.stream.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import se.pks.stream.storage.ApprovedFigureQueries;
import se.pks.stream.storage.UnitOrganisations;

/**
 * The approved figures for the public (docs/approval.md, docs/public-results.md): each approved month and tertial of
 * a unit or organisation as it was published, never the live figures, with a flag and a note on each figure the live
 * one has moved away from since. A period whose approval was withdrawn keeps its last published version, marked
 * {@code REOPENED}, until it is approved again.
 */
@PermitAll
@Path("/api/v1/public/approved")
@Produces(MediaType.APPLICATION_JSON)
public class PublicApprovedResource {

    @Inject
    ApprovedFigureQueries figures;

    @Inject
    UnitOrganisations units;

    /** A published period: which version, when it was approved, and how many of its figures changed since. */
    public record PublishedPeriod(String level, String subjectId, String organisationId, String periodKind,
                                  LocalDate periodStart, LocalDate periodEnd, String state, int version,
                                  OffsetDateTime approvedAt, long changedFigures) {

        static PublishedPeriod of(final ApprovedFigureQueries.ApprovedPeriod row) {
            return new PublishedPeriod(row.level(), row.subjectId(), row.organisationId(), row.periodKind(),
                    row.periodStart(), row.periodEnd(), row.state(), row.version(), row.approvedAt(),
                    row.changedFigures());
        }
    }

    public record PublishedFigures(PublishedPeriod period, List<ApprovedFigure> figures) {
    }

    /**
     * Every published period of one organisation and its units, newest first; with {@code unitId}, those of that
     * unit of the organisation only.
     */
    @GET
    public List<PublishedPeriod> periods(@QueryParam("organisationId") final String organisationId,
                                         @QueryParam("unitId") final String unitId) {
        if (organisationId == null || organisationId.isBlank()) {
            throw ProblemException.invalid("organisationId", "is required, e.g. org-sus");
        }
        knownOrganisation(organisationId);
        if (unitId != null && !units.organisationOf(unitId).map(organisationId::equals).orElse(false)) {
            throw ProblemException.invalid("unitId", "must be a unit of organisation " + organisationId + ", was '"
                    + unitId + "'");
        }
        return figures.periods(new ApprovedFigureQueries.Filter(unitId == null ? null : "UNIT", unitId,
                Set.of(organisationId), null, null, false)).stream().map(PublishedPeriod::of).toList();
    }

    @GET
    @Path("/units/{unitId}")
    public PublishedFigures unit(@PathParam("unitId") final String unitId,
                                 @QueryParam("periodKind") final String periodKind,
                                 @QueryParam("periodStart") final String periodStart) {
        if (units.organisationOf(unitId).isEmpty()) {
            throw ProblemException.notFound("unknown unitId '" + unitId + "'");
        }
        return published("UNIT", unitId, period(periodKind, periodStart));
    }

    @GET
    @Path("/organisations/{organisationId}")
    public PublishedFigures organisation(@PathParam("organisationId") final String organisationId,
                                         @QueryParam("periodKind") final String periodKind,
                                         @QueryParam("periodStart") final String periodStart) {
        knownOrganisation(organisationId);
        return published("ORGANISATION", organisationId, period(periodKind, periodStart));
    }

    /** The region's published figures of the period, once its approver has approved it (docs/approval.md). */
    @GET
    @Path("/regions/{regionId}")
    public PublishedFigures region(@PathParam("regionId") final String regionId,
                                   @QueryParam("periodKind") final String periodKind,
                                   @QueryParam("periodStart") final String periodStart) {
        if (!units.regionExists(regionId)) {
            throw ProblemException.notFound("unknown regionId '" + regionId + "'");
        }
        return published("REGION", regionId, period(periodKind, periodStart));
    }

    private PublishedFigures published(final String level, final String subjectId, final ApprovalPeriod period) {
        final List<ApprovedFigureQueries.ApprovedPeriod> approved = figures.periods(new ApprovedFigureQueries.Filter(
                level, subjectId, null, period.kind(), period.start(), false));
        if (approved.isEmpty()) {
            throw ProblemException.notFound("The " + period.kind() + " from " + period.start() + " of " + subjectId
                    + " has not been approved: nothing is published for it yet");
        }
        return new PublishedFigures(PublishedPeriod.of(approved.getFirst()),
                figures.figures(level, subjectId, period.kind(), period.start()).stream().map(ApprovedFigure::of)
                        .toList());
    }

    private static ApprovalPeriod period(final String periodKind, final String periodStart) {
        if (periodKind == null) {
            throw ProblemException.invalid("periodKind", "is required: MONTH or TERTIAL");
        }
        if (periodStart == null) {
            throw ProblemException.invalid("periodStart", "is required, the period's first day, e.g. 2025-03-01");
        }
        return ApprovalPeriod.parse(periodKind, periodStart);
    }

    private void knownOrganisation(final String organisationId) {
        if (!units.organisationExists(organisationId)) {
            throw ProblemException.notFound("unknown organisationId '" + organisationId + "'");
        }
    }
}
