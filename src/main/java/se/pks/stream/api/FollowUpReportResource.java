package se.pks.stream.api;

import jakarta.annotation.security.PermitAll;
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
import java.nio.charset.StandardCharsets;
import se.pks.stream.reports.FollowUpReport;
import se.pks.stream.reports.FollowUpReport.Subject;
import se.pks.stream.reports.FollowUpReportReader;
import se.pks.stream.reports.HtmlReport;
import se.pks.stream.reports.PdfReport;
import se.pks.stream.reports.ReportPeriod;

/**
 * The strategic follow-up report (seed 003, docs/reports.md) of an organisation or the region for a month or a
 * tertial, as PDF or HTML: by {@code Accept} ({@code application/pdf} or {@code text/html}), or by
 * {@code format=pdf|html} for a link that a browser follows. Staff: leadership reads every organisation and the
 * region, a production manager their organisations. The public: the region's report once every organisation has
 * approved the period, without the action register.
 */
@Path("/api/v1")
public class FollowUpReportResource {

    static final String PDF = "application/pdf";

    @Inject
    FollowUpReportReader reader;

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
    @Path("/reports/follow-up")
    @Produces({PDF, MediaType.TEXT_HTML})
    @RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER})
    public Response followUp(@QueryParam("organisationId") final String organisationId,
                             @QueryParam("regionId") final String regionId,
                             @QueryParam("period") final String period,
                             @QueryParam("format") final String format,
                             @Context final HttpHeaders headers) {
        final boolean pdf = pdf(format, headers);
        final Subject subject = subject(organisationId, regionId);
        final ReportPeriod reportPeriod = period(period);
        if (subject.level() == FollowUpReport.Level.ORGANISATION) {
            access.requireRead(subject.id());
        } else if (!access.readsAll()) {
            throw ProblemException.forbidden("The region's report covers every organisation of region "
                    + subject.id() + ": it is for leadership; ask for your organisation's report with"
                    + " organisationId");
        }
        return answer(reader.read(subject, reportPeriod), pdf);
    }

    /**
     * The region's report for the public page: only once every organisation of the region with figures in the
     * period has approved it (docs/approval.md), and without the action register.
     */
    @GET
    @Path("/public/reports/follow-up")
    @Produces({PDF, MediaType.TEXT_HTML})
    @PermitAll
    public Response publicFollowUp(@QueryParam("regionId") final String regionId,
                                   @QueryParam("period") final String period,
                                   @QueryParam("format") final String format,
                                   @Context final HttpHeaders headers) {
        final boolean pdf = pdf(format, headers);
        if (regionId == null || regionId.isBlank()) {
            throw ProblemException.invalid("regionId", "is required: the public report is the region's");
        }
        final Subject subject = subject(null, regionId);
        final FollowUpReport report = reader.read(subject, period(period));
        if (!report.publication().approved()) {
            throw ProblemException.notFound("period", "the figures of region " + regionId + " for " + period
                    + " are not all approved yet, so no public report is published: "
                    + report.publication().summary());
        }
        return answer(report.forThePublic(), pdf);
    }

    private Subject subject(final String organisationId, final String regionId) {
        final boolean organisation = organisationId != null && !organisationId.isBlank();
        final boolean region = regionId != null && !regionId.isBlank();
        if (organisation == region) {
            throw ProblemException.invalid(organisation ? "regionId" : "organisationId", organisation
                    ? "give either organisationId or regionId, not both"
                    : "is required (or regionId for the region's report), e.g. org-sus");
        }
        if (organisation) {
            return reader.organisation(organisationId).orElseThrow(() -> ProblemException.notFound("organisationId",
                    "unknown organisation '" + organisationId + "': no unit of it is registered"));
        }
        return reader.region(regionId).orElseThrow(() -> ProblemException.notFound("regionId",
                "unknown region '" + regionId + "': no unit of it is registered"));
    }

    private ReportPeriod period(final String period) {
        try {
            return ReportPeriod.parse(period, reader.today());
        } catch (final ReportPeriod.Refused e) {
            throw ProblemException.invalid("period", e.getMessage());
        }
    }

    /** format=pdf|html wins; otherwise the first of PDF and HTML the Accept header takes (PDF for * / *). */
    private static boolean pdf(final String format, final HttpHeaders headers) {
        if (format != null) {
            return switch (format) {
                case "pdf" -> true;
                case "html" -> false;
                default -> throw ProblemException.invalid("format", "must be pdf or html, was '" + format + "'");
            };
        }
        for (final MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.valueOf(PDF))) {
                return true;
            }
            if (accepted.isCompatible(MediaType.TEXT_HTML_TYPE)) {
                return false;
            }
        }
        return true;
    }

    private static Response answer(final FollowUpReport report, final boolean pdf) {
        final String file = "follow-up-" + report.subject().id() + "-" + report.period().name();
        if (pdf) {
            return Response.ok(PdfReport.render(report), PDF)
                    .header("Content-Disposition", "inline; filename=\"" + file + ".pdf\"").build();
        }
        return Response.ok(HtmlReport.render(report).getBytes(StandardCharsets.UTF_8),
                        MediaType.TEXT_HTML + ";charset=utf-8")
                .header("Content-Disposition", "inline; filename=\"" + file + ".html\"").build();
    }
}
