package se.pks.stream.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.PlanKind;
import se.pks.stream.reports.FollowUpReport.Figure;
import se.pks.stream.reports.FollowUpReport.Level;
import se.pks.stream.reports.FollowUpReport.PlanSection;
import se.pks.stream.reports.FollowUpReport.Publication;
import se.pks.stream.reports.FollowUpReport.Series;
import se.pks.stream.reports.FollowUpReport.Subject;
import se.pks.stream.reports.FollowUpReport.Week;
import se.pks.stream.storage.FollowUpReportQueries.Action;
import se.pks.stream.storage.FollowUpReportQueries.LowProductionWeek;
import se.pks.stream.storage.FollowUpReportQueries.Projection;
import se.pks.stream.storage.KeyFigureQueries.ComparisonRow;

/**
 * The two renderers on a report written by hand (no database): the PDF's text, as PDFBox extracts it, and the HTML
 * carry the same cells; Swedish letters and the status symbols come out as text; the font is embedded. The figures
 * against the API are FollowUpReportTest's, on the real service.
 */
class ReportRenderingTest {

    private static final LocalDate MAY = LocalDate.of(2025, 5, 1);

    @Test
    void thePdfAndTheHtmlCarryTheSameFiguresInWordsAndSymbols() throws IOException {
        final FollowUpReport report = report();
        final byte[] pdf = PdfReport.render(report);
        final String text;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            final PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            // lines of a wrapped paragraph joined again: the checks read sentences, and table rows stay whole
            text = stripper.getText(document).replaceAll("\\s+", " ");
            final PDFont font = document.getPage(0).getResources().getFont(
                    document.getPage(0).getResources().getFontNames().iterator().next());
            assertTrue(font.isEmbedded(), font.getName() + " is embedded");
            assertEquals("Follow-up report: Sjöstads universitetssjukhus, May 2025",
                    document.getDocumentInformation().getTitle());
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "follow-up-report-by-hand.pdf"), pdf);

        // by hand: 405 first visits against 400 is +5, +1.25 % (printed +1.3 %), GREEN
        assertTrue(text.contains("First visits 405.0 400.0 5.0 +1.3 % ✔ on target none"), text);
        // 3 operations short of 40: -7.5 %, RED, with two deficiencies
        assertTrue(text.contains("Operations 37.0 40.0 -3.0 -7.5 % ✖ off target 2"), text);
        assertTrue(text.contains("Occupancy rate 0.913 0.850 0.063 +7.4 % – no status none"), text);
        assertTrue(text.contains("Preliminary figures: the period has not been approved."), text);
        assertTrue(text.contains("3 figures against plan or forecast: 1 ✔ on target, 1 ✖ off target, 1 – no"
                + " status."), text);
        // the table cells wrap, so the words are checked one by one
        assertTrue(text.contains("Åsö"), text);
        assertTrue(text.contains("Kvällsmottagning"), text);
        assertTrue(text.contains("week of 2025-05-26 (Kristi himmelsfärd)"), text);
        assertTrue(text.contains("Operations: projected 460.0 against the annual target 500.0 (-8.0 %, 95 % interval"
                + " 440.0 to 480.0). ✖ off target: the year's plan will not be reached at the current pace."), text);
        assertTrue(text.contains("u1: MISSING_DATA 2025-05-07 OPERATIONS; u1: OUTLIER 2025-05-12"), text);
        // a share among the key figures in per cent, as on the key-figure dashboard: 0.8312 is 83.1 %
        assertTrue(text.contains("Occupancy rate Avd 12 83.1 % 2 of 3 82.0 % 80.0 % to 90.0 % +1.4 %"), text);
        assertTrue(text.contains("No forecast of this kind is planned for Sjöstads universitetssjukhus in the"
                + " period."), text);

        final String html = HtmlReport.render(report);
        assertTrue(html.contains("<th scope=\"row\">First visits</th><td class=\"n\">405.0</td><td class=\"n\">400.0"
                + "</td><td class=\"n\">5.0</td><td class=\"n\">+1.3 %</td><td>✔ on target</td><td>none</td>"), html);
        assertTrue(html.contains("alt=\"Bar chart: first visits per week in May 2025, actual as bars against the target"
                + " as a line, 4 weeks; in all 405.0 against 400.0; 1 low-production weeks, marked with an"
                + " asterisk.\""), html);
        assertTrue(html.contains("<h1>Follow-up report: Sjöstads universitetssjukhus, May 2025</h1>"), html);
    }

    private static FollowUpReport report() {
        final Subject subject = new Subject(Level.ORGANISATION, "org-sus", "Sjöstads universitetssjukhus", "r-t");
        final List<Week> weeks = List.of(new Week(LocalDate.of(2025, 5, 5), 100.0, 100.0, false),
                new Week(LocalDate.of(2025, 5, 12), 110.0, 100.0, false),
                new Week(LocalDate.of(2025, 5, 19), 105.0, 100.0, false),
                new Week(LocalDate.of(2025, 5, 26), 90.0, 100.0, true));
        final List<Week> cumulative = List.of(new Week(LocalDate.of(2025, 5, 5), 1700.0, 1700.0, false),
                new Week(LocalDate.of(2025, 5, 12), 1810.0, 1800.0, false));
        final PlanSection target = new PlanSection(PlanKind.TARGET, "Outcome against the production target",
                "Is production on plan?", List.of(
                        new Figure("first_visits", PlanKind.TARGET, 405.0, 400.0, 5.0, 1.25, "GREEN", 0, null),
                        new Figure("operations", PlanKind.TARGET, 37.0, 40.0, -3.0, -7.5, "RED", 2, null)),
                List.of(new Series("first_visits", PlanKind.TARGET, weeks, cumulative),
                        new Series("operations", PlanKind.TARGET, List.of(), List.of())));
        final PlanSection capacity = new PlanSection(PlanKind.CAPACITY_FORECAST, "Capacity against forecast",
                "Is the capacity there?", List.of(new Figure("occupancy_rate", PlanKind.CAPACITY_FORECAST, 0.9125,
                        0.85, 0.0625, 7.35, null, 0, null)), List.of());
        final PlanSection inflow = new PlanSection(PlanKind.INFLOW_FORECAST, "Inflow against forecast",
                "Are patients arriving as forecast?", List.of(), List.of());
        return new FollowUpReport(subject, new ReportPeriod(ReportPeriod.Kind.MONTH, MAY, LocalDate.of(2025, 5, 31)),
                LocalDate.of(2025, 6, 10), new Publication(false, "Preliminary figures: the period has not been"
                        + " approved."), List.of(target, inflow, capacity), List.of(),
                List.of(new Projection("operations", 2025, 1, 180, 190, 500, 460.0, 440.0, 480.0, -40.0, -8.0, "RED",
                        0)),
                List.of(new Action(7, "org-sus", "u1", "Ortopedmottagningen Åsö", "first_visits",
                        "Kvällsmottagning för förstabesök", "klinikchef", LocalDate.of(2025, 9, 30), "IN_PROGRESS",
                        null, "INCREASE", "", null, null, null, null, null)),
                List.of(new LowProductionWeek(LocalDate.of(2025, 5, 26), "Kristi himmelsfärd")),
                List.of(new FollowUpReport.Deficiency("operations", "TARGET", "u1: MISSING_DATA 2025-05-07 OPERATIONS"),
                        new FollowUpReport.Deficiency("operations", "TARGET", "u1: OUTLIER 2025-05-12")),
                List.of(new ComparisonRow("region:r-t", "Region r-t", "MONTH", MAY, LocalDate.of(2025, 5, 31),
                        "occupancy_rate", "NEUTRAL", "u2", "Avd 12", "org-sus", "PUBLIC", 0.8312, 3, 0.80, 0.82, 0.90,
                        2, 0.0112, 1.3658)), false);
    }
}
