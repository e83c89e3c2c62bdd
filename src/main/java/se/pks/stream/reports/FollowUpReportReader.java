package se.pks.stream.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import se.pks.stream.model.Measure;
import se.pks.stream.model.MeasureKind;
import se.pks.stream.model.PlanKind;
import se.pks.stream.reports.FollowUpReport.Deficiency;
import se.pks.stream.reports.FollowUpReport.Figure;
import se.pks.stream.reports.FollowUpReport.Level;
import se.pks.stream.reports.FollowUpReport.OrganisationOutcome;
import se.pks.stream.reports.FollowUpReport.PlanSection;
import se.pks.stream.reports.FollowUpReport.Publication;
import se.pks.stream.reports.FollowUpReport.Series;
import se.pks.stream.reports.FollowUpReport.Subject;
import se.pks.stream.reports.FollowUpReport.Week;
import se.pks.stream.storage.ApprovedFigureQueries;
import se.pks.stream.storage.ApprovedFigureQueries.ApprovedFigure;
import se.pks.stream.storage.ApprovedFigureQueries.ApprovedPeriod;
import se.pks.stream.storage.FollowUpReportQueries;
import se.pks.stream.storage.FollowUpReportQueries.LowProductionWeek;
import se.pks.stream.storage.FollowUpReportQueries.Organisation;
import se.pks.stream.storage.KeyFigureQueries;
import se.pks.stream.storage.PeriodFigureQueries;
import se.pks.stream.storage.PlanBasis;
import se.pks.stream.storage.PeriodFigureQueries.PeriodRow;

/**
 * Reads a follow-up report's figures through the queries the API answers with, so the report shows the numbers
 * {@code /api/v1/rollups}, {@code /api/v1/public/approved/...}, {@code /api/v1/rollup-projections} and
 * {@code /api/v1/key-figures} give for the same organisation or region and period:
 * <ul>
 *   <li>an organisation's period whose approval stands shows its published figures; any other period, and every
 *       region (regions are approved organisation by organisation), the live ones marked preliminary, unless every
 *       organisation of the region is approved and unchanged, when the region's sums are the approved figures;</li>
 *   <li>weeks are never approved: the charts show the live weekly figures, and say so.</li>
 * </ul>
 */
@ApplicationScoped
public class FollowUpReportReader {

    private static final int MAX_ROWS = 10_000;
    private static final Map<PlanKind, String[]> SECTIONS = Map.of(
            PlanKind.TARGET, new String[] {"Outcome against the production target",
                    "Is production following the plan the year's targets build on?"},
            PlanKind.INFLOW_FORECAST, new String[] {"Inflow against forecast",
                    "Are patients arriving as forecast, and was the forecast realistic?"},
            PlanKind.CAPACITY_FORECAST, new String[] {"Capacity against forecast",
                    "Is the capacity that was forecast (staffed beds, theatre hours) available?"},
            PlanKind.WAITING_FORECAST, new String[] {"Waiting list against forecast",
                    "Is the number waiting developing as forecast?"});

    @Inject
    PeriodFigureQueries periodFigures;

    @Inject
    ApprovedFigureQueries approvedFigures;

    @Inject
    KeyFigureQueries keyFigures;

    @Inject
    FollowUpReportQueries queries;

    /** The organisation as the register names it; empty when no unit of it is registered. */
    public Optional<Subject> organisation(final String organisationId) {
        return queries.organisation(organisationId).map(organisation -> new Subject(Level.ORGANISATION,
                organisation.organisationId(), organisation.name(), organisation.regionId()));
    }

    /** The region; empty when no unit of it is registered. */
    public Optional<Subject> region(final String regionId) {
        return queries.organisationsOf(regionId).isEmpty() ? Optional.empty()
                : Optional.of(new Subject(Level.REGION, regionId, "region " + regionId, regionId));
    }

    /** The region's date today, which decides whether a period has ended (and can be approved). */
    public LocalDate today() {
        return queries.asOf();
    }

    public FollowUpReport read(final Subject subject, final ReportPeriod period) {
        final LocalDate asOf = queries.asOf();
        final List<Organisation> organisations = subject.level() == Level.ORGANISATION
                ? List.of(new Organisation(subject.id(), subject.name(), subject.regionId()))
                : queries.organisationsOf(subject.id());
        final List<ApprovedPeriod> approvals = approvedFigures.periods(new ApprovedFigureQueries.Filter(
                "ORGANISATION", subject.level() == Level.ORGANISATION ? subject.id() : null,
                organisations.stream().map(Organisation::organisationId).collect(Collectors.toSet()),
                period.kind().name(), period.start(), false));

        final List<Deficiency> deficiencies = new ArrayList<>();
        final List<Figure> figures = new ArrayList<>();
        final Publication publication;
        final List<OrganisationOutcome> outcomes = new ArrayList<>();
        final Optional<ApprovedPeriod> approved = approvals.stream()
                .filter(approval -> approval.subjectId().equals(subject.id()) && approval.state().equals("APPROVED"))
                .findFirst();
        if (subject.level() == Level.ORGANISATION && approved.isPresent()) {
            publication = published(approved.get());
            for (final ApprovedFigure row : approvedFigures.figures("ORGANISATION", subject.id(),
                    period.kind().name(), period.start())) {
                if (row.planKind() == null) {
                    continue;
                }
                final String note = row.changedAfterApproval() ? "changed after approval: live "
                        + ReportText.number(row.measure(), row.liveActual()) + ", approved "
                        + ReportText.number(row.measure(), row.actual()) : null;
                figures.add(new Figure(row.measure(), PlanKind.valueOf(row.planKind()), row.actual(),
                        row.expected(), row.deviation(), row.deviationPct(), row.status(), row.deficiencies().size(),
                        note));
                row.deficiencies().forEach(label -> deficiencies.add(new Deficiency(row.measure(), row.planKind(),
                        label)));
                if (note != null) {
                    deficiencies.add(new Deficiency(row.measure(), row.planKind(), note));
                }
            }
        } else {
            for (final PeriodRow row : live(subject.level().name(), subject.id(), period)) {
                figures.add(figure(row));
                row.deficiencies().labels().forEach(label -> deficiencies.add(new Deficiency(row.measure(),
                        row.planKind(), label)));
            }
            if (subject.level() == Level.ORGANISATION) {
                publication = preliminary(approvals, period, asOf);
            } else {
                publication = regionPublication(organisations, approvals, period, asOf, outcomes);
            }
        }

        final Set<LocalDate> lowWeeks = new TreeSet<>();
        final List<LowProductionWeek> lowProduction = queries.lowProductionWeeks(subject.regionId(),
                period.start(), period.end());
        lowProduction.forEach(week -> lowWeeks.add(week.weekStart()));
        final Map<String, List<PeriodRow>> weekly = weekly(subject, period, lowWeeks, asOf);

        final List<PlanSection> sections = new ArrayList<>();
        // in the order of Socialstyrelsen's list: outcome, inflow, capacity, waiting
        for (final PlanKind kind : List.of(PlanKind.TARGET, PlanKind.INFLOW_FORECAST, PlanKind.CAPACITY_FORECAST,
                PlanKind.WAITING_FORECAST)) {
            final List<Figure> ofKind = figures.stream().filter(figure -> figure.planKind() == kind).toList();
            final List<Series> series = ofKind.stream()
                    .map(figure -> series(figure.measure(), kind, weekly.getOrDefault(figure.measure() + "|" + kind,
                            List.of()), period, lowWeeks))
                    .toList();
            sections.add(new PlanSection(kind, SECTIONS.get(kind)[0], SECTIONS.get(kind)[1], ofKind, series));
        }

        final String group = "region:" + subject.regionId();
        final List<KeyFigureQueries.ComparisonRow> comparison = keyFigures.comparison(new KeyFigureQueries.Filter(
                        period.kind().name(), period.start(), group, null, null, MAX_ROWS)).stream()
                .filter(row -> subject.level() == Level.REGION || subject.id().equals(row.organisationId()))
                .toList();
        return new FollowUpReport(subject, period, asOf, publication, sections, outcomes,
                queries.projections(subject.level().name(), subject.id(), period.start().getYear()),
                queries.actions(organisations.stream().map(Organisation::organisationId).toList(), period.start()),
                lowProduction, deficiencies, comparison, false);
    }

    private List<PeriodRow> live(final String level, final String groupId, final ReportPeriod period) {
        return periodFigures.rollups(new PeriodFigureQueries.Filter(level, groupId, null, period.kind().name(), null,
                        period.start(), period.start(), MAX_ROWS), PlanBasis.CURRENT).stream()
                .filter(row -> row.planKind() != null).toList();
    }

    private static Figure figure(final PeriodRow row) {
        return new Figure(row.measure(), PlanKind.valueOf(row.planKind()), row.actual(), row.expected(),
                row.deviation(), row.deviationPct(),
                row.status(), row.deficiencies().count(), null);
    }

    private static Publication published(final ApprovedPeriod approval) {
        final String changed = approval.changedFigures() == 0 ? "" : " " + approval.changedFigures() + " of its "
                + approval.publishedFigures() + " figures have changed since (see Known data deficiencies).";
        return new Publication(true, "Approved figures: version " + approval.version() + ", approved by "
                + approval.approvedBy() + " on " + approval.approvedAt().toLocalDate() + "." + changed);
    }

    private static Publication preliminary(final List<ApprovedPeriod> approvals, final ReportPeriod period,
                                           final LocalDate asOf) {
        if (!period.endedBy(asOf)) {
            return new Publication(false, "Preliminary figures: the period has not ended (today is " + asOf
                    + "); they will change as the rest of it is reported.");
        }
        final boolean reopened = approvals.stream().anyMatch(approval -> approval.state().equals("REOPENED"));
        return new Publication(false, reopened
                ? "Preliminary figures: the period's approval was re-opened for correction; these are the live"
                  + " figures, not approved."
                : "Preliminary figures: the period has not been approved; these are the live figures and may"
                  + " still change.");
    }

    /**
     * A region's figures are the sums of its organisations'; they are the approved figures when every organisation
     * with figures in the period has its approval standing and unchanged since.
     */
    private Publication regionPublication(final List<Organisation> organisations, final List<ApprovedPeriod> approvals,
                                          final ReportPeriod period, final LocalDate asOf,
                                          final List<OrganisationOutcome> outcomes) {
        final Map<String, ApprovedPeriod> byOrganisation = approvals.stream()
                .collect(Collectors.toMap(ApprovedPeriod::subjectId, approval -> approval, (a, b) -> a));
        int withFigures = 0;
        final List<String> pending = new ArrayList<>();
        for (final Organisation organisation : organisations) {
            final List<PeriodRow> rows = live("ORGANISATION", organisation.organisationId(), period);
            final ApprovedPeriod approval = byOrganisation.get(organisation.organisationId());
            final String state = approval == null ? "not approved"
                    : approval.state().equals("REOPENED") ? "re-opened"
                    : approval.changedFigures() > 0
                    ? "approved, " + approval.changedFigures() + " figures changed since"
                    : "approved";
            outcomes.add(new OrganisationOutcome(organisation.organisationId(), organisation.name(), state,
                    rows.stream().filter(row -> row.planKind().equals(PlanKind.TARGET.name()))
                            .map(FollowUpReportReader::figure).toList()));
            if (!rows.isEmpty()) {
                withFigures++;
                if (!state.equals("approved")) {
                    pending.add(organisation.name() + " (" + state + ")");
                }
            }
        }
        if (withFigures > 0 && pending.isEmpty()) {
            return new Publication(true, "Approved figures: every organisation of the region with figures in the"
                    + " period (" + withFigures + ") has approved it and none of its figures has changed since; the"
                    + " region's figures are their sums.");
        }
        if (!period.endedBy(asOf)) {
            return preliminary(List.of(), period, asOf);
        }
        return new Publication(false, "Preliminary figures: " + pending.size() + " of " + withFigures
                + " organisations with figures have not approved the period or changed since: "
                + String.join(", ", pending) + ".");
    }

    /**
     * Live weekly figures from the year's first week to the period's end, by "measure|plan kind": only weeks that
     * have ended, as on the public page, since a week under way against a whole week's plan looks like a shortfall.
     */
    private Map<String, List<PeriodRow>> weekly(final Subject subject, final ReportPeriod period,
                                                final Set<LocalDate> lowWeeks, final LocalDate asOf) {
        final LocalDate yearStart = period.start().withDayOfYear(1);
        lowWeeks.addAll(queries.lowProductionWeeks(subject.regionId(), yearStart, period.end()).stream()
                .map(LowProductionWeek::weekStart).toList());
        return periodFigures.rollups(new PeriodFigureQueries.Filter(subject.level().name(), subject.id(), null,
                        "WEEK", null, yearStart, period.end(), MAX_ROWS), PlanBasis.CURRENT).stream()
                .filter(row -> row.planKind() != null && !row.periodStart().plusDays(7).isAfter(asOf))
                .collect(Collectors.groupingBy(row -> row.measure() + "|" + row.planKind(), LinkedHashMap::new,
                        Collectors.toList()));
    }

    /**
     * The weeks that start in the period, and for a count the running sums of actual and plan over the weeks that
     * start in the year up to the period's end (a week straddling the period's first or last day is counted by its
     * Monday, so the sums of the weeks can differ from the month's or tertial's figure by those days).
     */
    private static Series series(final String measure, final PlanKind kind, final List<PeriodRow> rows,
                                 final ReportPeriod period, final Set<LocalDate> lowWeeks) {
        final List<Week> weeks = new ArrayList<>();
        final List<Week> cumulative = new ArrayList<>();
        final boolean count = Measure.byId(measure).map(found -> found.kind() == MeasureKind.COUNT).orElse(false);
        double actual = 0;
        double expected = 0;
        for (final PeriodRow row : rows) {
            final boolean low = lowWeeks.contains(row.periodStart());
            if (!row.periodStart().isBefore(period.start())) {
                weeks.add(new Week(row.periodStart(), row.actual(), row.expected(), low));
            }
            if (count) {
                actual += row.actual() == null ? 0 : row.actual();
                expected += row.expected() == null ? 0 : row.expected();
                cumulative.add(new Week(row.periodStart(), actual, expected, low));
            }
        }
        return new Series(measure, kind, weeks, cumulative);
    }
}
