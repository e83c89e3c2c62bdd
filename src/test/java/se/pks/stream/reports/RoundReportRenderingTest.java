package se.pks.stream.reports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import se.pks.stream.storage.BenchmarkingRounds.Answer;
import se.pks.stream.storage.BenchmarkingRounds.Change;
import se.pks.stream.storage.BenchmarkingRounds.FrozenFigure;
import se.pks.stream.storage.BenchmarkingRounds.Round;
import se.pks.stream.storage.BenchmarkingRounds.RoundUnit;

/**
 * A benchmarking round's report written by hand (no database): an open round is headed preliminary and says who has
 * not answered yet, its changes are against the live figures; the PDF and the HTML carry the same cells. The figures
 * against the API, for a closed round, are BenchmarkingRoundStoryTest's, on the real service.
 */
class RoundReportRenderingTest {

    private static final OffsetDateTime OPENED = OffsetDateTime.of(2026, 9, 10, 8, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void anOpenRoundIsHeadedPreliminaryAndComparesWithTheLiveFigures() throws IOException {
        final RoundReport report = openRound();
        final String text = pdfText(PdfRoundReport.render(report));
        final String html = HtmlRoundReport.render(report);

        assertTrue(text.contains("Benchmarking round 7: region r-x, tertial 2 of 2026 (May–August)"), text);
        assertTrue(text.contains("⚠ Preliminary figures: the round is open until its deadline 2026-09-20"), text);
        assertFalse(text.contains("Final figures"), text);
        assertTrue(text.contains("2 units in the round: 0 ✔ confirmed, 1 ⚠ flagged, 1 not answered yet"
                + " (x-b)."), text);
        // by hand: operations per operating hour 1.5 and 2.25 (rank 2 and 1, higher is better), median 1.875,
        // quartiles 1.6875 and 2.0625; 1.5 is 20 % under the median
        assertTrue(text.contains("Operations per operating hour in Region r-x: 2 units, median 1.88, quartiles 1.69"
                + " to 2.06; better when higher."), text);
        // a long unit name wraps in its cell: the row's other cells read on its first line
        assertTrue(text.contains("Operationsavdelning org-x 1.50 2 of 2 -20.0 % 1 operation report missing"), text);
        assertTrue(text.contains("What changed between the preliminary and the live figures"), text);
        assertTrue(text.contains("Operations per operating 1.50 1.75 changed"), text);
        assertTrue(html.contains("<th scope=\"row\">Operationsavdelning Åsö</th><td>org-x</td><td class=\"n\">1.50"
                + "</td>"), html);
        assertTrue(html.contains("<p class=\"publication\">⚠ Preliminary figures"), html);
        assertTrue(html.contains("alt=\"Bar chart: operations per operating hour of the 2 units of Region r-x in the"
                + " round:"), html);
    }

    private static RoundReport openRound() {
        final Round round = new Round(7, "r-x", "TERTIAL", LocalDate.of(2026, 5, 1), LocalDate.of(2026, 8, 31),
                List.of("operations_per_operating_hour"), LocalDate.of(2026, 9, 20), "OPEN", "person:leader", OPENED,
                null, null, null, null, 2, 1, 1, 1);
        final List<FrozenFigure> figures = List.of(
                figure("x-b", "Operationsavdelning B", 2.25, 1, 20.0, List.of()),
                figure("x-a", "Operationsavdelning Åsö", 1.5, 2, -20.0, List.of("1 operation report missing")));
        return new RoundReport(round, new ReportPeriod(ReportPeriod.Kind.TERTIAL, LocalDate.of(2026, 5, 1),
                LocalDate.of(2026, 8, 31)), LocalDate.of(2026, 9, 12), false, figures,
                List.of(new RoundUnit("x-a", "Operationsavdelning Åsö", "org-x"),
                        new RoundUnit("x-b", "Operationsavdelning B", "org-x")),
                List.of(new Answer("x-a", "org-x", "FLAGGED", List.of("operations_per_operating_hour"),
                        "två operationer saknas", "person:pm-x", OPENED.plusDays(1))),
                List.of("x-b"),
                List.of(new Change("x-a", "Operationsavdelning Åsö", "org-x", "operations_per_operating_hour", 1.5,
                                1.75, "LIVE", true),
                        new Change("x-b", "Operationsavdelning B", "org-x", "operations_per_operating_hour", 2.25,
                                2.25, "LIVE", false)));
    }

    private static FrozenFigure figure(final String unit, final String name, final double value, final int rank,
                                       final double fromMedian, final List<String> deficiencies) {
        return new FrozenFigure("PRELIMINARY", "region:r-x", "Region r-x", "operations_per_operating_hour",
                "HIGHER_IS_BETTER", unit, name, "org-x", "PUBLIC", value, 2, 1.6875, 1.875, 2.0625, rank,
                value - 1.875, fromMedian, deficiencies.size(), deficiencies);
    }

    private static String pdfText(final byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            final PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(document).replaceAll("\\s+", " ");
        }
    }
}
