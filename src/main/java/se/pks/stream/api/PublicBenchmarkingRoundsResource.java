package se.pks.stream.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import se.pks.stream.reports.HtmlRoundReport;
import se.pks.stream.reports.PdfRoundReport;
import se.pks.stream.reports.ReportPeriod;
import se.pks.stream.reports.RoundReport;
import se.pks.stream.reports.RoundReportReader;
import se.pks.stream.storage.BenchmarkingRoundQueries;
import se.pks.stream.storage.BenchmarkingRounds.Round;
import se.pks.stream.storage.UnitOrganisations;

/**
 * The closed benchmarking rounds of a region for the public page (docs/benchmarking-round.md): a closed round's final
 * figures are the region's published comparison of its units, own and private by the same method (seed 001). An open
 * round's figures are still under review and are not published. The public edition of the report names no one and
 * leaves out the answers' comments. A class of its own under /api/v1/public/benchmarking-rounds, for the same reason
 * as {@link PublicFollowUpReportResource}.
 */
@Path("/api/v1/public/benchmarking-rounds")
@PermitAll
public class PublicBenchmarkingRoundsResource {

    @Inject
    BenchmarkingRoundQueries queries;

    @Inject
    RoundReportReader reports;

    @Inject
    UnitOrganisations units;

    /** A closed round: its period, key figures and units, and when it closed. */
    public record PublishedRound(long roundId, String regionId, String period, String periodKind,
                                 LocalDate periodStart, LocalDate periodEnd, List<String> keyFigures, int units,
                                 OffsetDateTime closedAt) {

        static PublishedRound of(final Round round) {
            return new PublishedRound(round.roundId(), round.regionId(), new ReportPeriod(
                    ReportPeriod.Kind.valueOf(round.periodKind()), round.periodStart(), round.periodEnd()).name(),
                    round.periodKind(), round.periodStart(), round.periodEnd(), round.keyFigures(), round.units(),
                    round.closedAt());
        }
    }

    /** The region's closed rounds, as the round register lists them. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<PublishedRound> closed(@QueryParam("regionId") final String regionId) {
        if (regionId == null || regionId.isBlank()) {
            throw ProblemException.invalid("regionId", "is required: the region whose closed rounds to list");
        }
        if (!units.regionExists(regionId)) {
            throw ProblemException.notFound("regionId", "unknown region '" + regionId + "'");
        }
        return queries.rounds(regionId, "CLOSED").stream().map(PublishedRound::of).toList();
    }

    /**
     * A closed round's report, public edition.
     *
     * @param format pdf or html, instead of the Accept header
     */
    @GET
    @Path("/{roundId}/report")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The closed round's report, public edition",
            content = {@Content(mediaType = ReportFormat.PDF_TYPE), @Content(mediaType = MediaType.TEXT_HTML)})
    public Response report(@PathParam("roundId") final String roundId, @QueryParam("format") final String format,
                           @Context final HttpHeaders headers) {
        final ReportFormat chosen = ReportFormat.negotiate(format, headers);
        final long id = BenchmarkingRoundsResource.roundId(roundId);
        final Round round = queries.round(id).filter(found -> found.state().equals("CLOSED"))
                .orElseThrow(() -> ProblemException.notFound("roundId", "no closed benchmarking round " + id
                        + ": a round is published once it is closed and its figures are final"));
        final RoundReport report = reports.read(round.roundId()).orElseThrow().forThePublic();
        return chosen.answer("benchmarking-round-" + round.roundId() + "-" + report.period().name(),
                () -> PdfRoundReport.render(report), () -> HtmlRoundReport.render(report));
    }
}
