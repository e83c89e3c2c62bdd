package se.pks.stream.reports;

import java.time.LocalDate;
import java.util.List;
import se.pks.stream.model.PlanKind;
import se.pks.stream.storage.FollowUpReportQueries.Action;
import se.pks.stream.storage.FollowUpReportQueries.LowProductionWeek;
import se.pks.stream.storage.FollowUpReportQueries.Projection;
import se.pks.stream.storage.KeyFigureQueries.ComparisonRow;

/**
 * Everything one strategic follow-up report says (seed 003, docs/reports.md), read once and then drawn as PDF and as
 * HTML, so both carry the same numbers. Built by {@link FollowUpReportReader}; the two renderers only lay it out.
 *
 * @param subject        the organisation or region reported on
 * @param period         the month or tertial
 * @param asOf           the region's date the figures were read on
 * @param publication    whether the period's figures are approved (published) or preliminary, in words
 * @param sections       outcome against target, inflow, capacity and waiting list against forecast
 * @param organisations  for a region: each organisation's approval of the period and outcome against target
 * @param projections    the year-end projections of the period's year, with status
 * @param actions        the actions open in the period or taken since, with their follow-up
 * @param lowWeeks       the region's low-production weeks that overlap the period
 * @param deficiencies   the known data deficiencies of the period's figures
 * @param keyFigures     the subject's units (organisation) or the region's group figures against the region
 * @param publicEdition  the edition for the public page: without the action register, which is for staff
 */
public record FollowUpReport(Subject subject, ReportPeriod period, LocalDate asOf, Publication publication,
                             List<PlanSection> sections, List<OrganisationOutcome> organisations,
                             List<Projection> projections, List<Action> actions, List<LowProductionWeek> lowWeeks,
                             List<Deficiency> deficiencies, List<ComparisonRow> keyFigures, boolean publicEdition) {

    /** The same report for the public: the action register (names of who is responsible, plans) left out. */
    public FollowUpReport forThePublic() {
        return new FollowUpReport(subject, period, asOf, publication, sections, organisations, projections, List.of(),
                lowWeeks, deficiencies, keyFigures, true);
    }

    /** What a report is about. Only these two today; a benchmarking round's report would be a third kind. */
    public enum Level { ORGANISATION, REGION }

    public record Subject(Level level, String id, String name, String regionId) {
    }

    /**
     * Whether the figures in the period tables are the approved (published) ones, and who approved them; the
     * summary is the sentence both renderers print at the top.
     */
    public record Publication(boolean approved, String summary) {
    }

    /** One plan kind's comparison: its title, the question it answers, the period's figures and the weekly series. */
    public record PlanSection(PlanKind planKind, String title, String question, List<Figure> figures,
                              List<Series> series) {
    }

    /**
     * One measure's figure for the period against a plan, as the API answers it: actual, expected (plan or forecast),
     * deviation, deviation in %, status; the number of known deficiencies and, for a published figure that moved
     * since its approval, the note the public API gives.
     */
    public record Figure(String measure, PlanKind planKind, Double actual, Double expected, Double deviation,
                         Double deviationPct,
                         String status, long deficiencyCount, String note) {
    }

    /** The weeks of the period and, for counts, the running sums since the year's first week, against plan. */
    public record Series(String measure, PlanKind planKind, List<Week> weeks, List<Week> cumulative) {
    }

    /** A week starting on {@code weekStart}; {@code lowProduction} as the region's production calendar has it. */
    public record Week(LocalDate weekStart, Double actual, Double expected, boolean lowProduction) {
    }

    /** For a region's report: one organisation's approval of the period and its figures against target. */
    public record OrganisationOutcome(String organisationId, String name, String approval, List<Figure> target) {
    }

    /** A known deficiency of a figure in the period: missing, late or suspicious data, or changed after approval. */
    public record Deficiency(String measure, String planKind, String label) {
    }
}
