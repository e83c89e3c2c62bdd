package se.pks.stream.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import se.pks.stream.reports.HtmlRoundReport;
import se.pks.stream.reports.PdfRoundReport;
import se.pks.stream.reports.ReportPeriod;
import se.pks.stream.reports.RoundReport;
import se.pks.stream.reports.RoundReportReader;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.storage.BenchmarkingRoundQueries;
import se.pks.stream.storage.BenchmarkingRoundTable;
import se.pks.stream.storage.BenchmarkingRounds.Answer;
import se.pks.stream.storage.BenchmarkingRounds.Change;
import se.pks.stream.storage.BenchmarkingRounds.FrozenFigure;
import se.pks.stream.storage.BenchmarkingRounds.Round;
import se.pks.stream.storage.BenchmarkingRounds.RoundUnit;
import se.pks.stream.storage.KeyFigureQueries;
import se.pks.stream.storage.UnitOrganisations;

/**
 * The key-figure benchmarking round (seed 000, docs/benchmarking-round.md). Leadership opens a round for a region's
 * ended month or tertial and a set of key figures, with a deadline: the preliminary figures of every unit of the
 * region are frozen. Each unit's production manager confirms them or flags them with a comment before the deadline;
 * a flagged figure is corrected through the normal event path, and the round shows the preliminary figure beside the
 * live one. Closing freezes the final figures; the round's report (PDF or HTML) compares the units group by group.
 * Every step is in the audit trail with the person's user id.
 */
@Path("/api/v1/benchmarking-rounds")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER})
public class BenchmarkingRoundsResource {

    static final int MAX_TEXT = 1000;

    @Inject
    BenchmarkingRoundTable table;

    @Inject
    BenchmarkingRoundQueries queries;

    @Inject
    RoundReportReader reports;

    @Inject
    UnitOrganisations units;

    @Inject
    AccessScope access;

    enum Answered { CONFIRMED, FLAGGED }

    /** A round and where its units stand: how many answered, flagged, and how many figures changed since opening. */
    public record RoundSummary(long roundId, String regionId, String period, String periodKind,
                               LocalDate periodStart, LocalDate periodEnd,
                               List<String> keyFigures, LocalDate deadline, String state, String openedBy,
                               OffsetDateTime openedAt, String comment, String closedBy,
                               OffsetDateTime closedAt, List<String> unansweredAtClose, int units,
                               int answered, int flagged, int changedFigures) {

        static RoundSummary of(final Round round) {
            return new RoundSummary(round.roundId(), round.regionId(), periodName(round), round.periodKind(),
                    round.periodStart(), round.periodEnd(), round.keyFigures(), round.deadline(), round.state(),
                    round.openedBy(), round.openedAt(), round.comment(), round.closedBy(), round.closedAt(),
                    round.unansweredAtClose(), round.units(), round.answered(), round.flagged(), round.changed());
        }
    }

    /** A unit in the round. */
    public record UnitOfRound(String unitId, String unitName, String organisationId) {

        static UnitOfRound of(final RoundUnit unit) {
            return new UnitOfRound(unit.unitId(), unit.unitName(), unit.organisationId());
        }
    }

    /** A unit's answer; {@code keyFigures} are the figures a flag names (empty: the unit's figures as a whole). */
    public record RoundAnswer(String unitId, String organisationId, String answer, List<String> keyFigures,
                              String comment, String answeredBy, OffsetDateTime answeredAt) {

        static RoundAnswer of(final Answer answer) {
            return new RoundAnswer(answer.unitId(), answer.organisationId(), answer.answer(), answer.keyFigures(),
                    answer.comment(), answer.answeredBy(), answer.answeredAt());
        }
    }

    /** A unit's key figure: frozen preliminary beside the live (LIVE, open round) or final (FINAL) value. */
    public record RoundChange(String unitId, String unitName, String organisationId, String keyFigure,
                              double preliminary, Double current, String currentSource, boolean changed) {

        static RoundChange of(final Change change) {
            return new RoundChange(change.unitId(), change.unitName(), change.organisationId(), change.keyFigure(),
                    change.preliminary(), change.current(), change.currentSource(), change.changed());
        }
    }

    /** A frozen figure: the unit's key figure beside its group, as the key-figure view had it at the stage. */
    public record RoundFigure(String stage, String groupId, String groupLabel, String keyFigure, String direction,
                              String unitId, String unitName, String organisationId, String ownership, double value,
                              int n, double q1, double median, double q3, int rank, double distanceToMedian,
                              Double distanceToMedianPct, int deficiencyCount, List<String> deficiencies) {

        static RoundFigure of(final FrozenFigure row) {
            return new RoundFigure(row.stage(), row.groupId(), row.groupLabel(), row.keyFigure(), row.direction(),
                    row.unitId(), row.unitName(), row.organisationId(), row.ownership(), row.value(), row.n(),
                    row.q1(), row.median(), row.q3(), row.rank(), row.distanceToMedian(), row.distanceToMedianPct(),
                    row.deficiencyCount(), row.deficiencies());
        }
    }

    /** One round with the units the reader may see: their answers and each key figure preliminary beside current. */
    public record RoundDetail(RoundSummary round, List<UnitOfRound> units, List<RoundAnswer> answers,
                              List<RoundChange> changes) {
    }

    /**
     * One unit in a round: its frozen figures in every group it is in (PRELIMINARY, and FINAL once closed), each
     * beside the group's median and quartiles, its answer, and each key figure's preliminary value beside the live
     * (open) or final (closed) one.
     */
    public record UnitInRound(RoundSummary round, UnitOfRound unit, RoundAnswer answer, List<RoundFigure> figures,
                              List<RoundChange> changes) {
    }

    /** Rounds, newest period first; regionId and state (OPEN, CLOSED) narrow them. */
    @GET
    public List<RoundSummary> list(@QueryParam("regionId") final String regionId,
                                   @QueryParam("state") final String state) {
        if (state != null && !state.equals("OPEN") && !state.equals("CLOSED")) {
            throw ProblemException.invalid("state", "must be OPEN or CLOSED, was '" + state + "'");
        }
        return queries.rounds(regionId, state).stream().map(RoundSummary::of).toList();
    }

    /** Leadership sees every unit; a production manager the units of their organisations. */
    @GET
    @Path("/{roundId}")
    public RoundDetail round(@PathParam("roundId") final String roundId) {
        final Round round = known(roundId);
        return new RoundDetail(RoundSummary.of(round),
                queries.units(round.roundId()).stream().filter(unit -> readable(unit.organisationId()))
                        .map(UnitOfRound::of).toList(),
                queries.answers(round.roundId()).stream().filter(answer -> readable(answer.organisationId()))
                        .map(RoundAnswer::of).toList(),
                queries.changes(round.roundId(), null).stream().filter(change -> readable(change.organisationId()))
                        .map(RoundChange::of).toList());
    }

    @GET
    @Path("/{roundId}/units/{unitId}")
    public UnitInRound unit(@PathParam("roundId") final String roundId, @PathParam("unitId") final String unitId) {
        final String organisation = organisationOf(unitId);
        access.requireRead(organisation);
        final Round round = known(roundId);
        final RoundUnit unit = queries.units(round.roundId()).stream()
                .filter(candidate -> candidate.unitId().equals(unitId)).findFirst()
                .orElseThrow(() -> notInRound(round, unitId));
        return new UnitInRound(RoundSummary.of(round), UnitOfRound.of(unit), queries.answers(round.roundId())
                .stream().filter(answer -> answer.unitId().equals(unitId)).findFirst().map(RoundAnswer::of)
                .orElse(null), queries.figures(round.roundId(), null, unitId).stream().map(RoundFigure::of).toList(),
                queries.changes(round.roundId(), unitId).stream().map(RoundChange::of).toList());
    }

    /**
     * Body: {"regionId": "r-1", "period": "2026-T2" (optional: the last complete tertial when absent; or a month,
     * "2026-05"), "deadline": "2026-12-18", "keyFigures": [...] (optional, the whole catalogue when absent),
     * "comment": "..." (optional, kept in the audit trail)}.
     */
    @POST
    @RolesAllowed(AccessScope.LEADERSHIP)
    @Consumes(MediaType.WILDCARD)
    public Response open(final byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("body", "is required: {\"regionId\":..., \"period\":\"2026-T2\","
                    + " \"deadline\":\"2026-12-18\"}");
        }
        final ObjectNode json = BodyFields.parse(body);
        final BodyFields fields = new BodyFields(json);
        final String regionId = fields.text("regionId", true, 100);
        final String periodText = fields.text("period", false, 100);
        final LocalDate deadline = fields.date("deadline", true);
        final String comment = fields.text("comment", false, MAX_TEXT);
        final List<String> keyFigures = keyFigures(json, fields, KeyFigureQueries.CATALOGUE);
        final LocalDate today = queries.today();
        ReportPeriod period = null;
        try {
            // without a period, the last complete tertial: the one the public page shows (docs/key-figures.md)
            period = ReportPeriod.parse(periodText == null ? lastTertial(today) : periodText, today);
        } catch (final ReportPeriod.Refused e) {
            fields.error("period", e.getMessage());
        }
        fields.requireValid();
        final Round round = table.open(new BenchmarkingRoundTable.Opening(regionId, period.kind().name(),
                period.start(), period.end(), keyFigures, deadline, comment), actor());
        return Response.status(Response.Status.CREATED).entity(RoundSummary.of(round)).build();
    }

    /**
     * A unit's answer, by its production manager, before the deadline. Body: {"answer": "CONFIRMED"} or
     * {"answer": "FLAGGED", "comment": "what is wrong" (required), "keyFigures": [...] (optional: which)}. A second
     * answer replaces the first (answered 200 instead of 201); the audit trail keeps both.
     */
    @POST
    @RolesAllowed(AccessScope.PRODUCTION_MANAGER)
    @Path("/{roundId}/answers/{unitId}")
    @Consumes(MediaType.WILDCARD)
    public Response answer(@PathParam("roundId") final String roundId, @PathParam("unitId") final String unitId,
                           final byte[] body) {
        final String organisation = organisationOf(unitId);
        if (!access.mayChange(organisation)) {
            throw ProblemException.forbidden("You may not answer for unit " + unitId + ": it belongs to organisation "
                    + organisation + ", and you are production manager of "
                    + (access.grantedOrganisations().isEmpty() ? "no organisation"
                       : String.join(", ", access.grantedOrganisations())));
        }
        final long id = roundId(roundId);
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("answer", "is required: CONFIRMED, or FLAGGED with a comment");
        }
        final ObjectNode json = BodyFields.parse(body);
        final BodyFields fields = new BodyFields(json);
        final Answered answered = fields.enumValue("answer", true, Answered.class);
        final String comment = fields.text("comment", answered == Answered.FLAGGED, MAX_TEXT);
        if (answered == Answered.FLAGGED && comment == null && !fields.hasErrors()) {
            fields.error("comment", "is required when flagging: say what is wrong, e.g. \"two return visits"
                    + " registered as first visits in June\"");
        }
        final List<String> keyFigures = keyFigures(json, fields, List.of());
        if (answered == Answered.CONFIRMED && !keyFigures.isEmpty()) {
            fields.error("keyFigures", "names the figures a flag is about; a confirmation is for all of the unit's"
                    + " figures");
        }
        fields.requireValid();
        final BenchmarkingRoundTable.Answered stored = table.answer(id, new Answer(unitId, organisation,
                answered.name(), keyFigures, comment, null, null), actor());
        return Response.status(stored.replaced() ? Response.Status.OK : Response.Status.CREATED)
                .entity(RoundAnswer.of(stored.answer())).build();
    }

    /** Closes the round and freezes its final figures. Body (optional): {"comment": "..."}. */
    @POST
    @RolesAllowed(AccessScope.LEADERSHIP)
    @Path("/{roundId}/close")
    @Consumes(MediaType.WILDCARD)
    public RoundSummary close(@PathParam("roundId") final String roundId, final byte[] body) {
        final long id = roundId(roundId);
        String comment = null;
        if (body != null && body.length > 0) {
            final BodyFields fields = new BodyFields(BodyFields.parse(body));
            comment = fields.text("comment", false, MAX_TEXT);
            fields.requireValid();
        }
        return RoundSummary.of(table.close(id, actor(), comment));
    }

    /**
     * The round's report: from the final figures once closed, from the preliminary ones (headed so) while open.
     *
     * @param format pdf or html, instead of the Accept header
     */
    @GET
    @Path("/{roundId}/report")
    @Produces(MediaType.WILDCARD)
    @APIResponse(responseCode = "200", description = "The round's report",
            content = {@Content(mediaType = ReportFormat.PDF_TYPE), @Content(mediaType = MediaType.TEXT_HTML)})
    public Response report(@PathParam("roundId") final String roundId, @QueryParam("format") final String format,
                           @Context final HttpHeaders headers) {
        final ReportFormat chosen = ReportFormat.negotiate(format, headers);
        final RoundReport report = reports.read(known(roundId).roundId()).orElseThrow();
        return chosen.answer("benchmarking-round-" + report.round().roundId() + "-" + report.period().name(),
                () -> PdfRoundReport.render(report), () -> HtmlRoundReport.render(report));
    }

    private Round known(final String roundId) {
        final long id = roundId(roundId);
        return queries.round(id).orElseThrow(() -> ProblemException.notFound("roundId",
                "unknown benchmarking round " + id));
    }

    static long roundId(final String roundId) {
        try {
            return Long.parseLong(roundId);
        } catch (final NumberFormatException e) {
            throw ProblemException.invalid("roundId", "must be a round's number, was '" + roundId + "'");
        }
    }

    private String organisationOf(final String unitId) {
        return units.organisationOf(unitId)
                .orElseThrow(() -> ProblemException.notFound("unitId", "unknown unit '" + unitId + "'"));
    }

    private boolean readable(final String organisationId) {
        return access.mayRead(organisationId);
    }

    private static ProblemException notInRound(final Round round, final String unitId) {
        return ProblemException.notFound("unitId", "unit " + unitId + " is not in round " + round.roundId()
                + ": it had none of the round's key figures when the round was opened");
    }

    /** The body's keyFigures: a list of the catalogue's names, each once; {@code absent} when not given. */
    private static List<String> keyFigures(final ObjectNode json, final BodyFields fields,
                                           final List<String> absent) {
        final JsonNode node = json.get("keyFigures");
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isArray() || node.isEmpty()) {
            fields.error("keyFigures", "must be a non-empty list of key figures, e.g. [\"first_visit_share\"]");
            return absent;
        }
        final Set<String> names = new LinkedHashSet<>();
        final List<String> unknown = new ArrayList<>();
        node.forEach(element -> {
            final String name = element.isTextual() ? element.asText() : element.toString();
            if (KeyFigureQueries.CATALOGUE.contains(name)) {
                names.add(name);
            } else {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            fields.error("keyFigures", "must be key figures of the catalogue " + KeyFigureQueries.CATALOGUE
                    + ", not " + unknown);
        }
        return List.copyOf(names);
    }

    private AuditTrail.Actor actor() {
        return AuditTrail.Actor.person(access.user());
    }

    /** "2026-T2" on any day of the third tertial of 2026. */
    private static String lastTertial(final LocalDate today) {
        final LocalDate start = today.withDayOfMonth(1)
                .withMonth(1 + 4 * ((today.getMonthValue() - 1) / 4)).minusMonths(4);
        return start.getYear() + "-T" + (1 + (start.getMonthValue() - 1) / 4);
    }

    private static String periodName(final Round round) {
        return new ReportPeriod(ReportPeriod.Kind.valueOf(round.periodKind()), round.periodStart(),
                round.periodEnd()).name();
    }
}
