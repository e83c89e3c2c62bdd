package se.pks.stream.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import se.pks.stream.reports.FollowUpReport;
import se.pks.stream.reports.FollowUpReport.Subject;
import se.pks.stream.reports.FollowUpReportReader;
import se.pks.stream.reports.HtmlReport;
import se.pks.stream.reports.PdfReport;
import se.pks.stream.reports.ReportPeriod;

/**
 * What the staff's and the public's report endpoints share: the subject and period from the query with problem
 * answers naming the field, and the answer's file name (the format is {@link ReportFormat}'s).
 */
@ApplicationScoped
class FollowUpReports {

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

    /** The report in the negotiated format, named for its subject and period. */
    static Response answer(final FollowUpReport report, final ReportFormat format) {
        return format.answer("follow-up-" + report.subject().id() + "-" + report.period().name(),
                () -> PdfReport.render(report), () -> HtmlReport.render(report));
    }
}
