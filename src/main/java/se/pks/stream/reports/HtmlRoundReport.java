package se.pks.stream.reports;

import se.pks.stream.reports.ReportTables.Table;

/**
 * A benchmarking round's report as one self-contained HTML page, written to the follow-up report's rules
 * ({@link HtmlReport}: one h1, sections with headings, tables with captions and header cells, every chart an image
 * with a text alternative and its numbers in the table above it).
 */
public final class HtmlRoundReport {

    private HtmlRoundReport() {
    }

    public static String render(final RoundReport report) {
        final String title = RoundReportTables.title(report);
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(HtmlReport.escape(title)).append("</title>\n<style>").append(HtmlReport.STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n<h1>").append(HtmlReport.escape(title))
                .append("</h1>\n");
        HtmlReport.paragraph(html, RoundReportTables.subtitle(report));
        html.append("<p class=\"publication\">").append(report.finalFigures() ? "✔ " : "⚠ ")
                .append(HtmlReport.escape(RoundReportTables.publication(report))).append("</p>\n");
        HtmlReport.paragraph(html, RoundReportTables.answersAtAGlance(report));
        html.append("<nav aria-label=\"Contents\">\n<ul>\n");
        HtmlReport.link(html, "figures", RoundReportTables.FIGURES);
        HtmlReport.link(html, "answers", RoundReportTables.ANSWERS);
        HtmlReport.link(html, "changes", RoundReportTables.changesTitle(report));
        HtmlReport.link(html, "about", RoundReportTables.ABOUT);
        html.append("</ul>\n</nav>\n");

        HtmlReport.open(html, "figures", RoundReportTables.FIGURES);
        String group = null;
        for (final RoundReportTables.GroupFigure figure : RoundReportTables.byGroup(report)) {
            if (!figure.groupId().equals(group)) {
                group = figure.groupId();
                html.append("<h3>").append(HtmlReport.escape(figure.groupLabel())).append("</h3>\n");
            }
            HtmlReport.table(html, RoundReportTables.groupFigure(figure));
            HtmlReport.image(html, RoundReportTables.chart(report, figure),
                    ReportCharts.keyFigureHeight(figure.rows().size()));
        }
        html.append("</section>\n");

        HtmlReport.open(html, "answers", RoundReportTables.ANSWERS);
        HtmlReport.table(html, RoundReportTables.answers(report));
        html.append("</section>\n");

        HtmlReport.open(html, "changes", RoundReportTables.changesTitle(report));
        HtmlReport.paragraph(html, RoundReportTables.changesSummary(report));
        final Table changes = RoundReportTables.changes(report);
        if (!changes.rows().isEmpty()) {
            HtmlReport.table(html, changes);
        }
        html.append("</section>\n");

        HtmlReport.open(html, "about", RoundReportTables.ABOUT);
        HtmlReport.paragraph(html, RoundReportTables.about(report));
        html.append("</section>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }
}
