package se.pks.stream.reports;

import java.util.Base64;
import se.pks.stream.model.PlanKind;
import se.pks.stream.reports.FollowUpReport.Level;
import se.pks.stream.reports.FollowUpReport.PlanSection;
import se.pks.stream.reports.FollowUpReport.Series;
import se.pks.stream.reports.ReportTables.Table;

/**
 * The follow-up report as one self-contained HTML page: the same sections, tables and charts as {@link PdfReport},
 * written for screen readers and keyboards as the public results page is (checked by the same axe-core check):
 * one h1, sections with headings in order, tables with captions and header cells, each chart an image with a text
 * alternative and its numbers in a table beside it, every status a symbol and a word.
 */
public final class HtmlReport {

    static final String STYLE = """
            body{font-family:"DejaVu Sans",Verdana,sans-serif;color:#1b1b1b;background:#fff;margin:0}
            main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}
            h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #888}
            h3{font-size:1.05rem;margin-top:1.6rem}
            table{border-collapse:collapse;margin:.6rem 0 1rem;width:100%;font-size:.9rem}
            caption{text-align:left;font-weight:bold;padding:.3rem 0}
            th,td{border-bottom:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            .publication{border:2px solid #1b1b1b;padding:.6rem .8rem;font-weight:bold}
            figure{margin:.6rem 0}img{max-width:100%;height:auto}
            details{margin:.2rem 0 1rem}summary{cursor:pointer;color:#0b4f9c}
            nav ul{columns:2}a{color:#0b4f9c}
            """;

    private HtmlReport() {
    }

    public static String render(final FollowUpReport report) {
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(ReportWording.title(report))).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n<h1>").append(escape(ReportWording.title(report)))
                .append("</h1>\n");
        paragraph(html, ReportWording.subtitle(report));
        html.append("<p class=\"publication\">").append(report.publication().approved() ? "✔ " : "⚠ ")
                .append(escape(report.publication().summary())).append("</p>\n");
        paragraph(html, ReportWording.atAGlance(report));
        contents(html, report);

        int sectionNumber = 0;
        for (final PlanSection section : report.sections()) {
            sectionNumber++;
            open(html, "plan-" + sectionNumber, section.title());
            paragraph(html, section.question());
            if (section.figures().isEmpty()) {
                paragraph(html, ReportWording.emptySection(section, report));
                html.append("</section>\n");
                continue;
            }
            table(html, ReportTables.figures(section));
            if (section.planKind() == PlanKind.TARGET) {
                paragraph(html, ReportWording.WEEKS_ARE_LIVE);
            }
            for (final Series series : section.series()) {
                html.append("<h3>").append(escape(ReportText.label(series.measure()) + " against the "
                        + ReportCharts.planName(series))).append("</h3>\n");
                if (series.weeks().isEmpty()) {
                    paragraph(html, ReportWording.noWeeks(series));
                    continue;
                }
                chart(html, ReportCharts.weekly(series, report.period().title()), ReportTables.weeks(series));
                if (!series.cumulative().isEmpty()) {
                    chart(html, ReportCharts.cumulative(series, report.period().start().getYear()),
                            ReportTables.cumulative(series));
                }
            }
            html.append("</section>\n");
        }

        if (report.subject().level() == Level.REGION) {
            open(html, "organisations", ReportWording.ORGANISATIONS);
            table(html, ReportTables.organisations(report.organisations()));
            html.append("</section>\n");
        }

        open(html, "projections", ReportWording.PROJECTIONS);
        if (report.projections().isEmpty()) {
            paragraph(html, ReportWording.noProjections(report));
        } else {
            html.append("<ul>\n");
            report.projections().forEach(projection -> html.append("<li>")
                    .append(escape(ReportText.projection(projection))).append("</li>\n"));
            html.append("</ul>\n");
            table(html, ReportTables.projections(report.projections()));
        }
        html.append("</section>\n");

        open(html, "actions", ReportWording.ACTIONS);
        if (report.actions().isEmpty()) {
            paragraph(html, ReportWording.noActions(report));
        } else {
            table(html, ReportTables.actions(report.actions(), report.subject().level()));
        }
        html.append("</section>\n");

        open(html, "deficiencies", ReportWording.DEFICIENCIES);
        if (report.deficiencies().isEmpty()) {
            paragraph(html, ReportWording.noDeficiencies());
        } else {
            table(html, ReportTables.deficiencies(report.deficiencies()));
        }
        html.append("</section>\n");

        open(html, "low-weeks", ReportWording.LOW_WEEKS);
        paragraph(html, ReportWording.lowWeeks(report));
        html.append("</section>\n");

        open(html, "key-figures", ReportWording.KEY_FIGURES);
        if (report.keyFigures().isEmpty()) {
            paragraph(html, ReportWording.noKeyFigures());
        } else {
            table(html, ReportTables.keyFigures(report.keyFigures(), report.subject().level()));
            if (report.subject().level() == Level.ORGANISATION) {
                ReportTables.byKeyFigure(report.keyFigures()).forEach((keyFigure, rows) -> image(html,
                        ReportCharts.keyFigure(keyFigure, rows), ReportCharts.keyFigureHeight(rows.size())));
            }
        }
        html.append("</section>\n");

        open(html, "about", ReportWording.ABOUT);
        paragraph(html, ReportWording.about(report));
        html.append("</section>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void contents(final StringBuilder html, final FollowUpReport report) {
        html.append("<nav aria-label=\"Contents\">\n<ul>\n");
        int sectionNumber = 0;
        for (final PlanSection section : report.sections()) {
            sectionNumber++;
            link(html, "plan-" + sectionNumber, section.title());
        }
        if (report.subject().level() == Level.REGION) {
            link(html, "organisations", ReportWording.ORGANISATIONS);
        }
        link(html, "projections", ReportWording.PROJECTIONS);
        link(html, "actions", ReportWording.ACTIONS);
        link(html, "deficiencies", ReportWording.DEFICIENCIES);
        link(html, "low-weeks", ReportWording.LOW_WEEKS);
        link(html, "key-figures", ReportWording.KEY_FIGURES);
        link(html, "about", ReportWording.ABOUT);
        html.append("</ul>\n</nav>\n");
    }

    static void link(final StringBuilder html, final String id, final String text) {
        html.append("<li><a href=\"#").append(id).append("\">").append(escape(text)).append("</a></li>\n");
    }

    static void open(final StringBuilder html, final String id, final String title) {
        html.append("<section aria-labelledby=\"").append(id).append("\">\n<h2 id=\"").append(id).append("\">")
                .append(escape(title)).append("</h2>\n");
    }

    static void paragraph(final StringBuilder html, final String text) {
        html.append("<p>").append(escape(text)).append("</p>\n");
    }

    private static void chart(final StringBuilder html, final ReportCharts.Chart chart, final Table numbers) {
        html.append("<figure>\n");
        img(html, chart, ReportCharts.HEIGHT);
        html.append("<figcaption><details><summary>").append(escape(numbers.caption())).append("</summary>\n");
        table(html, numbers);
        html.append("</details></figcaption>\n</figure>\n");
    }

    /** A chart whose numbers are in the table above it. */
    static void image(final StringBuilder html, final ReportCharts.Chart chart, final int height) {
        html.append("<figure>\n");
        img(html, chart, height);
        html.append("</figure>\n");
    }

    static void img(final StringBuilder html, final ReportCharts.Chart chart, final int height) {
        html.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(chart.png()))
                .append("\" width=\"").append(ReportCharts.WIDTH * 3 / 2).append("\" height=\"")
                .append(height * 3 / 2).append("\" alt=\"").append(escape(chart.alt())).append("\">\n");
    }

    static void table(final StringBuilder html, final Table table) {
        html.append("<table>\n<caption>").append(escape(table.caption())).append("</caption>\n<thead><tr>");
        for (final String header : table.header()) {
            html.append("<th scope=\"col\">").append(escape(header)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (final String[] row : table.rows()) {
            html.append("<tr>");
            for (int i = 0; i < row.length; i++) {
                final String cell = row[i] == null ? "" : row[i];
                if (i == 0) {
                    html.append("<th scope=\"row\">").append(escape(cell)).append("</th>");
                } else {
                    html.append(cell.matches("[+-]?[0-9.]+( %)?") ? "<td class=\"n\">" : "<td>")
                            .append(escape(cell)).append("</td>");
                }
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    static String escape(final String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
