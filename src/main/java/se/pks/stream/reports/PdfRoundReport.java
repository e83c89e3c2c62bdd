package se.pks.stream.reports;

import se.pks.stream.reports.ReportTables.Table;

/**
 * A benchmarking round's report as PDF (Apache PDFBox, A4, through {@link PdfPages}): the same sections, tables and
 * charts as {@link HtmlRoundReport}. The first lines say whether the figures are final or preliminary and who
 * answered.
 */
public final class PdfRoundReport {

    private PdfRoundReport() {
    }

    public static byte[] render(final RoundReport report) {
        final String title = RoundReportTables.title(report);
        try (PdfPages pages = new PdfPages(title, RoundReportTables.subtitle(report))) {
            pages.heading(title, 1);
            pages.paragraph(RoundReportTables.subtitle(report));
            pages.paragraph((report.finalFigures() ? "✔ " : "⚠ ") + RoundReportTables.publication(report), true);
            pages.paragraph(RoundReportTables.answersAtAGlance(report));

            pages.heading(RoundReportTables.FIGURES, 2);
            String group = null;
            for (final RoundReportTables.GroupFigure figure : RoundReportTables.byGroup(report)) {
                if (!figure.groupId().equals(group)) {
                    group = figure.groupId();
                    pages.heading(figure.groupLabel(), 3);
                }
                pages.paragraph(RoundReportTables.statistics(figure));
                table(pages, RoundReportTables.groupFigure(figure));
                pages.image(RoundReportTables.chart(report, figure).png(), figure.groupId() + "-"
                        + figure.keyFigure(), ReportCharts.WIDTH, ReportCharts.keyFigureHeight(figure.rows().size()));
            }

            pages.heading(RoundReportTables.ANSWERS, 2);
            pages.paragraph(RoundReportTables.answersAtAGlance(report));
            table(pages, RoundReportTables.answers(report));

            pages.heading(RoundReportTables.changesTitle(report), 2);
            pages.paragraph(RoundReportTables.changesSummary(report));
            final Table changes = RoundReportTables.changes(report);
            if (!changes.rows().isEmpty()) {
                table(pages, changes);
            }

            pages.heading(RoundReportTables.ABOUT, 2);
            pages.paragraph(RoundReportTables.about(report));
            return pages.finish(RoundReportTables.footer(report));
        }
    }

    private static void table(final PdfPages pages, final Table table) {
        pages.table(table.widths(), table.header(), table.rows());
    }
}
