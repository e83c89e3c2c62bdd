package se.pks.stream.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import se.pks.stream.reports.FollowUpReport;

/**
 * The region's follow-up report for the public page (docs/reports.md): only once every organisation of the region
 * with figures in the period has approved it and none of its figures has changed since (docs/approval.md), and
 * without the action register. A class of its own under /api/v1/public/reports: JAX-RS matches the longest class
 * path first, so under a shorter one /api/v1/public (the public results) would take the request and answer 404.
 */
@Path("/api/v1/public/reports")
@PermitAll
public class PublicFollowUpReportResource {

    @Inject
    FollowUpReports reports;

    /**
     * @param regionId the region
     * @param period   a month, 2025-05, or a tertial, 2025-T2
     * @param format   pdf or html, instead of the Accept header
     */
    @GET
    @Path("/follow-up")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The region's report, public edition",
            content = {@Content(mediaType = ReportFormat.PDF_TYPE), @Content(mediaType = MediaType.TEXT_HTML)})
    public Response followUp(@QueryParam("regionId") final String regionId,
                             @QueryParam("period") final String period,
                             @QueryParam("format") final String format,
                             @Context final HttpHeaders headers) {
        final ReportFormat chosen = ReportFormat.negotiate(format, headers);
        if (regionId == null || regionId.isBlank()) {
            throw ProblemException.invalid("regionId", "is required: the public report is the region's");
        }
        final FollowUpReport report = reports.read(reports.subject(null, regionId), reports.period(period));
        if (!report.publication().approved()) {
            throw ProblemException.notFound("period", "the figures of region " + regionId + " for " + period
                    + " are not all approved yet, so no public report is published: "
                    + report.publication().summary());
        }
        return FollowUpReports.answer(report.forThePublic(), chosen);
    }
}
