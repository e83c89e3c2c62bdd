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
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.pks.stream.model.Measure;
import se.pks.stream.storage.ApprovalTable.Level;
import se.pks.stream.storage.PublicResultsQueries;
import se.pks.stream.storage.PublicResultsQueries.ApprovedMonth;
import se.pks.stream.storage.PublicResultsQueries.MeasureInfo;
import se.pks.stream.storage.PublicResultsQueries.PublicUnit;
import se.pks.stream.storage.PublicResultsQueries.Threshold;
import se.pks.stream.storage.PublicResultsQueries.Week;
import se.pks.stream.storage.PublicResultsQueries.YearToDate;

/**
 * The published figures behind the public results page ({@code /results/}): read-only, without login, and only
 * figures aggregated per unit or organisation and period, each with the known data deficiencies that affect it.
 * Published means approved (docs/approval.md): the year to date of the latest approved month of the year and the
 * weeks of the approved months, as their approval froze them; the live figures are never shown here.
 * {@code @PermitAll} says so explicitly, so that a later default policy for the API cannot lock the public out.
 */
@PermitAll
@Path("/api/v1/public")
@Produces(MediaType.APPLICATION_JSON)
public class PublicResultsResource {

    private static final int FIRST_YEAR = 2000;
    private static final int LAST_YEAR = 2100;

    public record UnitRef(String unitId, String name) {
    }

    public record Organisation(String organisationId, String organisationName, String ownership,
                               List<UnitRef> units) {
    }

    /** {@code asOf}: the day in the region's time zone that "year to date" and "ended weeks" refer to. */
    public record Organisations(LocalDate asOf, List<Organisation> organisations) {
    }

    /**
     * {@code approvedThrough}: the last day of the latest approved month of the year, through which
     * {@code yearToDate} runs (null, with an empty table, when no month of the year is approved yet);
     * {@code approval} the approval that published it; {@code note} says the same in words.
     */
    public record OrganisationResults(LocalDate asOf, String organisationId, String organisationName,
                                      String ownership, List<UnitRef> units, LocalDate approvedThrough,
                                      Approval approval, String note, List<YearToDateFigure> yearToDate) {
    }

    /**
     * The approval whose published figures an answer shows: the month ({@code periodStart}), its {@code state}
     * (REOPENED while it is being corrected: the figures it published still stand), {@code version} and when it
     * was approved.
     */
    public record Approval(LocalDate periodStart, String state, int version, OffsetDateTime approvedAt) {
        static Approval of(final ApprovedMonth month) {
            return new Approval(month.periodStart(), month.state(), month.version(), month.approvedAt());
        }
    }

    /**
     * Actual against plan for the year to date. {@code missingReports} counts the reports of the measure's feed that
     * did not come this year; {@code unitsMissing} in how many units (1 for a unit's own row).
     */
    public record YearToDateFigure(String measure, String planKind, Double actual, Double expected,
                                   Double deviationPct, String status, long missingReports, long unitsMissing) {
        static List<YearToDateFigure> of(final List<YearToDate> rows) {
            return rows.stream().map(row -> new YearToDateFigure(row.measure(), row.planKind(), row.actual(),
                    row.expected(), row.deviationPct(), row.status(), row.missingReports(), row.unitsMissing()))
                    .toList();
        }
    }

    public record Unit(String organisationId, String organisationName, String ownership, String unitId, String name) {
        static Unit of(final PublicUnit row) {
            return new Unit(row.organisationId(), row.organisationName(), row.ownership(), row.unitId(), row.name());
        }
    }

    /** The yellow and red status bands of a measure. */
    public record Bands(String direction, String basis, double yellowFrom, double redFrom) {
        static Bands of(final Threshold row) {
            return new Bands(row.direction(), row.basis(), row.yellowFrom(), row.redFrom());
        }
    }

    public record MeasureRef(String measure, String kind, String direction, String unitOfMeasure,
                             String description) {
    }

    /** As {@link OrganisationResults}; {@code measures}: those with published weekly figures. */
    public record UnitResults(LocalDate asOf, Unit unit, LocalDate approvedThrough, Approval approval, String note,
                              List<YearToDateFigure> yearToDate, List<MeasureRef> measures) {
    }

    /** {@code threshold}: the status bands of the measure for the unit and year, null when it has none. */
    public record UnitFigures(LocalDate asOf, String unitId, String measure, String kind, String direction,
                              int year, String planKind, Bands threshold,
                              List<PublishedWeeks.WeekFigure> weeks) {
    }

    @Inject
    PublicResultsQueries queries;

    @GET
    @Path("/organisations")
    public Organisations organisations() {
        final Map<String, List<PublicUnit>> byOrganisation = new LinkedHashMap<>();
        for (final PublicUnit unit : queries.units()) {
            byOrganisation.computeIfAbsent(unit.organisationId(), id -> new ArrayList<>()).add(unit);
        }
        final List<Organisation> organisations = new ArrayList<>();
        byOrganisation.values().forEach(units -> organisations.add(organisation(units)));
        return new Organisations(queries.asOf(), organisations);
    }

    @GET
    @Path("/organisations/{organisationId}")
    public OrganisationResults organisation(@PathParam("organisationId") final String organisationId) {
        final List<PublicUnit> units = queries.organisationUnits(organisationId);
        if (units.isEmpty()) {
            throw ProblemException.notFound("unknown organisationId '" + organisationId + "'");
        }
        final Organisation organisation = organisation(units);
        final LocalDate asOf = queries.asOf();
        final Optional<ApprovedMonth> month = queries.latestApprovedMonth(Level.ORGANISATION, organisationId);
        return new OrganisationResults(asOf, organisation.organisationId(), organisation.organisationName(),
                organisation.ownership(), organisation.units(), month.map(ApprovedMonth::approvedThrough).orElse(null),
                month.map(Approval::of).orElse(null), note(month, "organisation", asOf),
                month.map(m -> YearToDateFigure.of(queries.yearToDate(Level.ORGANISATION, organisationId, m)))
                        .orElse(List.of()));
    }

    @GET
    @Path("/units/{unitId}")
    public UnitResults unit(@PathParam("unitId") final String unitId) {
        final PublicUnit unit = knownUnit(unitId);
        final List<MeasureRef> measures = new ArrayList<>();
        for (final MeasureInfo info : queries.unitMeasures(unitId)) {
            Measure.byId(info.measure()).ifPresent(measure -> measures.add(new MeasureRef(info.measure(),
                    measure.kind().name(), measure.direction().name(), info.unitOfMeasure(), info.description())));
        }
        final LocalDate asOf = queries.asOf();
        final Optional<ApprovedMonth> month = queries.latestApprovedMonth(Level.UNIT, unitId);
        return new UnitResults(asOf, Unit.of(unit), month.map(ApprovedMonth::approvedThrough).orElse(null),
                month.map(Approval::of).orElse(null), note(month, "unit", asOf),
                month.map(m -> YearToDateFigure.of(queries.yearToDate(Level.UNIT, unitId, m))).orElse(List.of()),
                measures);
    }

    /** What the year-to-date figures are, in words: approved through which day, or nothing approved yet. */
    static String note(final Optional<ApprovedMonth> month, final String subject, final LocalDate asOf) {
        if (month.isEmpty()) {
            return "No month of " + asOf.getYear() + " has been approved for this " + subject + " yet, so no figures"
                    + " of the year are published so far.";
        }
        final ApprovedMonth approved = month.get();
        final String through = "Approved figures through " + approved.approvedThrough() + " (version "
                + approved.version() + ", approved on " + approved.approvedAt().toLocalDate() + ")";
        return approved.state().equals("REOPENED")
                ? through + "; the month has been re-opened for a correction and these figures stand until it is"
                  + " approved again."
                : through + ".";
    }

    /**
     * The unit's published weeks of one ISO year for one measure (those of its approved months), with the plan and
     * the deficiencies of each week as approved.
     */
    @GET
    @Path("/units/{unitId}/figures")
    public UnitFigures figures(@PathParam("unitId") final String unitId,
                               @QueryParam("measure") final String measure,
                               @QueryParam("year") final String year) {
        knownUnit(unitId);
        if (measure == null || measure.isBlank()) {
            throw ProblemException.invalid("measure", "is required, e.g. first_visits");
        }
        final Measure known = Measure.byId(RequestValues.knownMeasure("measure", measure)).orElseThrow();
        final LocalDate asOf = queries.asOf();
        final int isoYear = RequestValues.optionalInt("year", year, asOf.get(IsoFields.WEEK_BASED_YEAR),
                FIRST_YEAR, LAST_YEAR);
        final List<Week> weeks = queries.weeks(unitId, measure, isoYear);
        return new UnitFigures(asOf, unitId, measure, known.kind().name(), known.direction().name(), isoYear,
                PublishedWeeks.planKind(weeks), queries.threshold(unitId, measure, isoYear).map(Bands::of).orElse(null),
                PublishedWeeks.of(weeks, queries.weekDeficiencies(unitId, measure, isoYear), asOf));
    }

    private PublicUnit knownUnit(final String unitId) {
        return queries.unit(unitId)
                .orElseThrow(() -> ProblemException.notFound("unknown unitId '" + unitId + "'"));
    }

    private static Organisation organisation(final List<PublicUnit> units) {
        final PublicUnit first = units.get(0);
        return new Organisation(first.organisationId(), first.organisationName(), first.ownership(),
                units.stream().map(unit -> new UnitRef(unit.unitId(), unit.name())).toList());
    }
}
