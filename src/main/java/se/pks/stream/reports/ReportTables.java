package se.pks.stream.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.pks.stream.reports.FollowUpReport.Deficiency;
import se.pks.stream.reports.FollowUpReport.Figure;
import se.pks.stream.reports.FollowUpReport.Level;
import se.pks.stream.reports.FollowUpReport.OrganisationOutcome;
import se.pks.stream.reports.FollowUpReport.PlanSection;
import se.pks.stream.reports.FollowUpReport.Series;
import se.pks.stream.reports.FollowUpReport.Week;
import se.pks.stream.storage.FollowUpReportQueries.Action;
import se.pks.stream.storage.FollowUpReportQueries.Projection;
import se.pks.stream.storage.KeyFigureQueries.ComparisonRow;

/**
 * The report's tables as rows of text, made once for both renderers: the PDF and the HTML lay out the same cells,
 * so they cannot disagree on a number. Each table has a caption (the HTML's {@code caption}), a header row and its
 * rows; the first column names the row.
 */
final class ReportTables {

    /** A table: what it shows, its column headers, its rows of cells and the relative widths of its columns. */
    record Table(String caption, String[] header, List<String[]> rows, float[] widths) {
    }

    private ReportTables() {
    }

    static Table figures(final PlanSection section) {
        final String plan = section.planKind().name().equals("TARGET") ? "Target" : "Forecast";
        final List<String[]> rows = new ArrayList<>();
        for (final Figure figure : section.figures()) {
            rows.add(new String[] {ReportText.label(figure.measure()),
                    ReportText.number(figure.measure(), figure.actual()),
                    ReportText.number(figure.measure(), figure.expected()),
                    ReportText.number(figure.measure(), figure.deviation()),
                    ReportText.percent(figure.deviationPct()), ReportText.status(figure.status()),
                    figure.deficiencyCount() == 0 && figure.note() == null ? "none"
                            : figure.deficiencyCount() + (figure.note() == null ? "" : "; " + figure.note())});
        }
        return new Table(section.title() + ": the period's figures", new String[] {"Measure", "Actual", plan,
                "Deviation", "Deviation %", "Status", "Known deficiencies"}, rows,
                new float[] {16, 10, 10, 11, 11, 23, 19});
    }

    static Table weeks(final Series series) {
        final List<String[]> rows = new ArrayList<>();
        for (final Week week : series.weeks()) {
            rows.add(new String[] {ReportCharts.weekLabel(week) + " (" + week.weekStart() + ")",
                    ReportText.number(series.measure(), week.actual()),
                    ReportText.number(series.measure(), week.expected()),
                    week.lowProduction() ? "low-production week" : ""});
        }
        return new Table(ReportText.label(series.measure()) + " week by week, the chart's numbers",
                new String[] {"Week", "Actual", ReportText.label(ReportCharts.planName(series)), "Note"}, rows,
                new float[] {30, 20, 20, 30});
    }

    static Table cumulative(final Series series) {
        final List<String[]> rows = new ArrayList<>();
        for (final Week week : series.cumulative()) {
            rows.add(new String[] {ReportCharts.weekLabel(week) + " (" + week.weekStart() + ")",
                    ReportText.number(series.measure(), week.actual()),
                    ReportText.number(series.measure(), week.expected())});
        }
        return new Table(ReportText.label(series.measure()) + " since 1 January, cumulative, the chart's numbers",
                new String[] {"Week", "Actual, cumulative", ReportText.label(ReportCharts.planName(series))
                        + ", cumulative"}, rows, new float[] {40, 30, 30});
    }

    static Table organisations(final List<OrganisationOutcome> outcomes) {
        final List<String[]> rows = new ArrayList<>();
        for (final OrganisationOutcome outcome : outcomes) {
            if (outcome.target().isEmpty()) {
                rows.add(new String[] {outcome.name(), outcome.approval(), "no target in the period", "", "", "",
                        ""});
            }
            for (final Figure figure : outcome.target()) {
                rows.add(new String[] {outcome.name(), outcome.approval(), ReportText.label(figure.measure()),
                        ReportText.number(figure.measure(), figure.actual()),
                        ReportText.number(figure.measure(), figure.expected()),
                        ReportText.percent(figure.deviationPct()), ReportText.status(figure.status())});
            }
        }
        return new Table("Each organisation's approval of the period and its outcome against target (live figures)",
                new String[] {"Organisation", "Approval", "Measure", "Actual", "Target", "Deviation %", "Status"},
                rows, new float[] {18, 13, 14, 9, 9, 12, 25});
    }

    static Table projections(final List<Projection> projections) {
        final List<String[]> rows = new ArrayList<>();
        for (final Projection projection : projections) {
            final String measure = projection.measure();
            rows.add(new String[] {ReportText.label(measure), ReportText.number(measure, projection.actualToDate()),
                    ReportText.number(measure, projection.planToDate()),
                    ReportText.number(measure, projection.annualTarget()),
                    ReportText.number(measure, projection.projected()),
                    projection.intervalLow() == null ? ReportText.NONE
                            : ReportText.number(measure, projection.intervalLow()) + " to "
                              + ReportText.number(measure, projection.intervalHigh()),
                    ReportText.percent(projection.deviationPct()), ReportText.status(projection.status())});
        }
        return new Table("Year-end projections at the current pace", new String[] {"Measure", "Actual to date",
                "Plan to date", "Annual target", "Projected", "95 % interval", "Deviation %", "Status"}, rows,
                new float[] {14, 10, 10, 10, 11, 14, 11, 20});
    }

    static Table actions(final List<Action> actions, final Level level) {
        final List<String[]> rows = new ArrayList<>();
        for (final Action action : actions) {
            final String where = action.unitName() != null ? action.unitName()
                    : level == Level.REGION ? action.organisationId() : "the whole organisation";
            rows.add(new String[] {action.title(), where, ReportText.label(action.measure()) + " ("
                    + action.expectedDirection().toLowerCase(java.util.Locale.ROOT) + ")", action.responsible(),
                    action.deadline().toString(), ReportText.effect(action)});
        }
        return new Table("Actions open in the period or taken since, with their effect", new String[] {"Action",
                "Unit", "Measure (intended)", "Responsible", "Deadline", "State and effect"}, rows,
                new float[] {21, 15, 14, 13, 12, 25});
    }

    static Table deficiencies(final List<Deficiency> deficiencies) {
        final Map<String, List<String>> byFigure = new LinkedHashMap<>();
        for (final Deficiency deficiency : deficiencies) {
            byFigure.computeIfAbsent(ReportText.label(deficiency.measure()) + " against "
                    + deficiency.planKind().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    key -> new ArrayList<>()).add(deficiency.label());
        }
        final List<String[]> rows = new ArrayList<>();
        byFigure.forEach((figure, labels) -> rows.add(new String[] {figure, String.join("; ", labels)}));
        return new Table("Known data deficiencies of the period's figures", new String[] {"Figure", "Deficiencies"},
                rows, new float[] {30, 70});
    }

    static Table keyFigures(final List<ComparisonRow> rows, final Level level) {
        final List<String[]> cells = new ArrayList<>();
        if (level == Level.REGION) {
            final Map<String, ComparisonRow> byKeyFigure = new LinkedHashMap<>();
            rows.forEach(row -> byKeyFigure.putIfAbsent(row.keyFigure(), row));
            byKeyFigure.values().forEach(row -> cells.add(new String[] {ReportText.label(row.keyFigure()),
                    String.valueOf(row.n()), ReportText.keyFigure(row.keyFigure(), row.q1()),
                    ReportText.keyFigure(row.keyFigure(), row.median()),
                    ReportText.keyFigure(row.keyFigure(), row.q3()), direction(row.direction())}));
            return new Table("Key figures of the region's units: the spread", new String[] {"Key figure", "Units",
                    "Lower quartile", "Median", "Upper quartile", "Better when"}, cells,
                    new float[] {30, 10, 15, 15, 15, 15});
        }
        for (final ComparisonRow row : rows) {
            final String figure = row.keyFigure();
            cells.add(new String[] {ReportText.label(figure), row.unitName(),
                    ReportText.keyFigure(figure, row.value()), row.rank() + " of " + row.n(),
                    ReportText.keyFigure(figure, row.median()), ReportText.keyFigure(figure, row.q1()) + " to "
                    + ReportText.keyFigure(figure, row.q3()), ReportText.percent(row.distanceToMedianPct())});
        }
        return new Table("The organisation's units against all units of the region", new String[] {"Key figure",
                "Unit", "Value", "Rank", "Region median", "Quartiles", "From median"}, cells,
                new float[] {21, 17, 10, 8, 11, 22, 11});
    }

    /** The organisation's key-figure rows by key figure, in the order the comparison lists them. */
    static Map<String, List<ComparisonRow>> byKeyFigure(final List<ComparisonRow> rows) {
        final Map<String, List<ComparisonRow>> grouped = new LinkedHashMap<>();
        rows.forEach(row -> grouped.computeIfAbsent(row.keyFigure(), key -> new ArrayList<>()).add(row));
        return grouped;
    }

    private static String direction(final String direction) {
        return switch (direction == null ? "" : direction) {
            case "HIGHER_IS_BETTER" -> "higher";
            case "LOWER_IS_BETTER" -> "lower";
            default -> "neither";
        };
    }
}
