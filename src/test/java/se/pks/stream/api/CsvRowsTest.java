package se.pks.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    private static final String HEADER = "unitId,measure,planKind,granularity,periodStart,value\n";

    private final CsvRows csv = CsvRows.plans(1000, 3);

    @Test
    void rowsAreNumberedByTheirLineInTheFileTheHeaderBeingLineOne() throws IOException {
        final List<CsvRows.Row> rows = read(HEADER
                + "u1,first_visits,TARGET,WEEK,2025-01-06,4\n"
                + "\n"
                + "u1,first_visits,TARGET,WEEK,2025-01-13,5.5\n");
        assertEquals(2, rows.size());
        assertEquals(2, rows.get(0).number());
        // The blank line 3 is skipped but still counted, as a spreadsheet would.
        assertEquals(4, rows.get(1).number());
        assertEquals("{\"unitId\":\"u1\",\"measure\":\"first_visits\",\"planKind\":\"TARGET\",\"granularity\":\"WEEK\","
                + "\"periodStart\":\"2025-01-13\",\"value\":5.5}", rows.get(1).fields().toString());
    }

    @Test
    void aSwedishExcelFileWithByteOrderMarkSemicolonsDecimalCommaAndCrLfIsRead() throws IOException {
        final List<CsvRows.Row> rows = read("\uFEFFunitId;measure;planKind;granularity;periodStart;value\r\n"
                + "u1;care_days;TARGET;MONTH;2025-02-01;12,5\r\n");
        assertEquals(1, rows.size());
        assertEquals(12.5, rows.getFirst().fields().get("value").doubleValue());
        assertEquals("u1", rows.getFirst().fields().get("unitId").asText());
    }

    @Test
    void columnsMayComeInAnyOrderQuotedAndWithExtraColumns() throws IOException {
        final List<CsvRows.Row> rows = read("comment,value,periodStart,granularity,planKind,measure,unitId\n"
                + "\"Ortopedi, Norrstad \"\"A\"\"\",7,2025-01-06,WEEK,TARGET,operations,\"u 1\"\n");
        assertEquals("u 1", rows.getFirst().fields().get("unitId").asText());
        assertEquals(7, rows.getFirst().fields().get("value").intValue());
        assertNull(rows.getFirst().fields().get("comment"));
    }

    @Test
    void emptyCellsAreLeftOutAndAWordInTheValueColumnStaysText() throws IOException {
        final CsvRows.Row row = read(HEADER + "u1,,TARGET,WEEK,2025-01-06,many\n").getFirst();
        assertNull(row.fields().get("measure"));
        assertEquals("many", row.fields().get("value").textValue());
    }

    @Test
    void aLineThatCannotBeSplitIsReportedNotDropped() throws IOException {
        final List<CsvRows.Row> rows = read(HEADER
                + "u1,first_visits,TARGET,WEEK,2025-01-06,4,5\n"
                + "u1,\"first_visits,TARGET,WEEK,2025-01-06,4\n");
        assertEquals("has 7 cells, the header has 6", rows.get(0).unreadable());
        assertEquals("has a quote that is not closed", rows.get(1).unreadable());
    }

    @Test
    void aMissingColumnRefusesTheWholeFileNamingTheColumn() {
        final ProblemException problem = assertThrows(ProblemException.class,
                () -> read("unitId,measure,planKind,granularity,periodstart,value\n"));
        assertEquals(400, problem.problem().status());
        assertEquals("header", problem.problem().errors().getFirst().field());
        assertEquals("lacks the column(s) periodStart; the first line must be "
                + "unitId,measure,planKind,granularity,periodStart,value (names are case-sensitive)",
                problem.problem().errors().getFirst().reason());
    }

    @Test
    void anEmptyFileHasNoHeader() {
        final ProblemException problem = assertThrows(ProblemException.class, () -> read(""));
        assertEquals("header", problem.problem().errors().getFirst().field());
    }

    @Test
    void moreRowsThanTheLimitIs413() throws IOException {
        final String line = "u1,first_visits,TARGET,WEEK,2025-01-06,4\n";
        // The limit is 3 rows: 3 pass, the 4th is refused as too large, not cut off silently.
        assertEquals(3, read(HEADER + line.repeat(3)).size());
        final ProblemException problem = assertThrows(ProblemException.class, () -> read(HEADER + line.repeat(4)));
        assertEquals(413, problem.problem().status());
    }

    @Test
    void moreBytesThanTheLimitIs413() {
        // 1001 bytes against a limit of 1000.
        final ProblemException problem = assertThrows(ProblemException.class, () -> read("x".repeat(1001)));
        assertEquals(413, problem.problem().status());
    }

    @Test
    void textThatIsNotUtf8IsRefused() {
        // "Växjö" in ISO-8859-1: 0xE4 and 0xF6 are not valid UTF-8 on their own.
        final byte[] latin1 = (HEADER + "V\u00e4xj\u00f6,first_visits,TARGET,WEEK,2025-01-06,4\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        final ProblemException problem = assertThrows(ProblemException.class,
                () -> csv.read(new ByteArrayInputStream(latin1)));
        assertEquals("file", problem.problem().errors().getFirst().field());
    }

    private List<CsvRows.Row> read(final String text) throws IOException {
        return csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
