package se.pks.stream.reports;

import se.pks.stream.model.PlanKind;
import se.pks.stream.reports.FollowUpReport.Level;
import se.pks.stream.reports.FollowUpReport.PlanSection;
import se.pks.stream.reports.FollowUpReport.Series;
import se.pks.stream.reports.ReportTables.Table;

/**
 * The follow-up report as PDF (Apache PDFBox, A4): the same sections, tables and charts as {@link HtmlReport}, the
 * charts' numbers left to the HTML version and the API. The title, the publication sentence and "at a glance" come
 * first, so the first page says whether the figures are approved and how many are off track.
 */
public final class PdfReport {

    private PdfReport() {
    }

    public static byte[] render(final FollowUpReport report) {
        try (PdfPages pages = new PdfPages(ReportWording.title(report), ReportWording.subtitle(report))) {
            pages.heading(ReportWording.title(report), 1);
            pages.paragraph(ReportWording.subtitle(report));
            pages.paragraph((report.publication().approved() ? "✔ " : "⚠ ") + report.publication().summary(), true);
            pages.paragraph(ReportWording.atAGlance(report));

            for (final PlanSection section : report.sections()) {
                pages.heading(section.title(), 2);
                pages.paragraph(section.question());
                if (section.figures().isEmpty()) {
                    pages.paragraph(ReportWording.emptySection(section, report));
                    continue;
                }
                table(pages, ReportTables.figures(section));
                if (section.planKind() == PlanKind.TARGET) {
                    pages.paragraph(ReportWording.WEEKS_ARE_LIVE);
                }
                for (final Series series : section.series()) {
                    pages.heading(ReportText.label(series.measure()) + " against the " + ReportCharts.planName(series),
                            3);
                    if (series.weeks().isEmpty()) {
                        pages.paragraph(ReportWording.noWeeks(series));
                        continue;
                    }
                    chart(pages, ReportCharts.weekly(series, report.period().title()), series, "weekly");
                    if (!series.cumulative().isEmpty()) {
                        chart(pages, ReportCharts.cumulative(series, report.period().start().getYear()), series,
                                "cumulative");
                    }
                }
            }

            if (report.subject().level() == Level.REGION) {
                pages.heading(ReportWording.ORGANISATIONS, 2);
                table(pages, ReportTables.organisations(report.organisations()));
            }

            pages.heading(ReportWording.PROJECTIONS, 2);
            if (report.projections().isEmpty()) {
                pages.paragraph(ReportWording.noProjections(report));
            } else {
                report.projections().forEach(projection -> pages.paragraph(ReportText.projection(projection)));
                table(pages, ReportTables.projections(report.projections()));
            }

            pages.heading(ReportWording.ACTIONS, 2);
            if (report.actions().isEmpty()) {
                pages.paragraph(ReportWording.noActions(report));
            } else {
                table(pages, ReportTables.actions(report.actions(), report.subject().level()));
            }

            pages.heading(ReportWording.DEFICIENCIES, 2);
            if (report.deficiencies().isEmpty()) {
                pages.paragraph(ReportWording.noDeficiencies());
            } else {
                table(pages, ReportTables.deficiencies(report.deficiencies()));
            }

            pages.heading(ReportWording.LOW_WEEKS, 2);
            pages.paragraph(ReportWording.lowWeeks(report));

            pages.heading(ReportWording.KEY_FIGURES, 2);
            if (report.keyFigures().isEmpty()) {
                pages.paragraph(ReportWording.noKeyFigures());
            } else {
                table(pages, ReportTables.keyFigures(report.keyFigures(), report.subject().level()));
                if (report.subject().level() == Level.ORGANISATION) {
                    ReportTables.byKeyFigure(report.keyFigures()).forEach((keyFigure, rows) -> pages.image(
                            ReportCharts.keyFigure(keyFigure, rows).png(), keyFigure, ReportCharts.WIDTH,
                            ReportCharts.keyFigureHeight(rows.size())));
                }
            }

            pages.heading(ReportWording.ABOUT, 2);
            pages.paragraph(ReportWording.about(report));
            return pages.finish(ReportWording.footer(report));
        }
    }

    private static void table(final PdfPages pages, final Table table) {
        pages.table(table.widths(), table.header(), table.rows());
    }

    private static void chart(final PdfPages pages, final ReportCharts.Chart chart, final Series series,
                              final String kind) {
        pages.image(chart.png(), series.measure() + "-" + series.planKind() + "-" + kind, ReportCharts.WIDTH,
                ReportCharts.HEIGHT);
    }
}
