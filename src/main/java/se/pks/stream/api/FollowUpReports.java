package se.pks.stream.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * What the staff's and the public's report endpoints share: the subject and period from the query with problem
 * answers naming the field, the choice between PDF and HTML, and the answer with its file name.
 */
@ApplicationScoped
class FollowUpReports {

    static final String PDF = "application/pdf";

    @Inject
    FollowUpReportReader reader;

    FollowUpReport read(final Subject subject, final ReportPeriod period) {
        return reader.read(subject, period);
    }

    Subject subject(final String organisationId, final String regionId) {
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

    ReportPeriod period(final String period) {
        try {
            return ReportPeriod.parse(period, reader.today());
        } catch (final ReportPeriod.Refused e) {
            throw ProblemException.invalid("period", e.getMessage());
        }
    }

    /**
     * format=pdf|html wins; otherwise the first of PDF and HTML the Accept header takes, in its order of preference
     * (PDF for * / * and without the header); 406 when it takes neither.
     */
    static boolean pdf(final String format, final HttpHeaders headers) {
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
        throw ProblemException.notAcceptable("The report is application/pdf or text/html (or format=pdf|html);"
                + " the request accepts only " + headers.getRequestHeader(HttpHeaders.ACCEPT));
    }

    static Response answer(final FollowUpReport report, final boolean pdf) {
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
