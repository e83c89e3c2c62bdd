package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
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
import se.pks.stream.reports.FollowUpReport.Subject;
import se.pks.stream.reports.ReportPeriod;

/**
 * The strategic follow-up report (seed 003, docs/reports.md) of an organisation or the region for a month or a
 * tertial, as PDF or HTML: by {@code Accept} ({@code application/pdf} or {@code text/html}), or by
 * {@code format=pdf|html} for a link that a browser follows. Leadership reads every organisation and the region, a
 * production manager their organisations.
 *
 * <p>The method produces any type and chooses PDF or HTML itself, so that every refusal is
 * {@code application/problem+json}, as everywhere in the API, and a request accepting neither gets 406.
 */
@Path("/api/v1/reports")
public class FollowUpReportResource {

    @Inject
    FollowUpReports reports;

    @Inject
    AccessScope access;

    /**
     * @param organisationId the organisation reported on (or regionId, not both)
     * @param regionId       the region reported on: every organisation of it (leadership only)
     * @param period         a month, 2025-05, or a tertial, 2025-T2 (T1 January-April, T2 May-August, T3
     *                       September-December); not one that starts after today
     * @param format         pdf or html, instead of the Accept header
     */
    @GET
    @Path("/follow-up")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The report",
            content = {@Content(mediaType = ReportFormat.PDF_TYPE), @Content(mediaType = MediaType.TEXT_HTML)})
    @RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER})
    public Response followUp(@QueryParam("organisationId") final String organisationId,
                             @QueryParam("regionId") final String regionId,
                             @QueryParam("period") final String period,
                             @QueryParam("format") final String format,
                             @Context final HttpHeaders headers) {
        final ReportFormat chosen = ReportFormat.negotiate(format, headers);
        final Subject subject = reports.subject(organisationId, regionId);
        final ReportPeriod reportPeriod = reports.period(period);
        if (subject.level() == FollowUpReport.Level.ORGANISATION) {
            access.requireRead(subject.id());
        } else if (!access.readsAll()) {
            throw ProblemException.forbidden("The region's report covers every organisation of region "
                    + subject.id() + ": it is for leadership; ask for your organisation's report with"
                    + " organisationId");
        }
        return FollowUpReports.answer(reports.read(subject, reportPeriod), chosen);
    }
}
