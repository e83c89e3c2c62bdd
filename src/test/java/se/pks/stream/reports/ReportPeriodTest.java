package se.pks.stream.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The report's period as the API takes it: months 2025-05, tertials 2025-T2, never one that starts in the future. */
class ReportPeriodTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @Test
    void tertialsAreJanuaryToAprilMayToAugustAndSeptemberToDecember() {
        assertEquals(new ReportPeriod(ReportPeriod.Kind.TERTIAL, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 4, 30)),
                ReportPeriod.parse("2025-T1", TODAY));
        assertEquals(new ReportPeriod(ReportPeriod.Kind.TERTIAL, LocalDate.of(2025, 5, 1), LocalDate.of(2025, 8, 31)),
                ReportPeriod.parse("2025-T2", TODAY));
        assertEquals(new ReportPeriod(ReportPeriod.Kind.TERTIAL, LocalDate.of(2026, 9, 1),
                LocalDate.of(2026, 12, 31)), ReportPeriod.parse("2026-T3", TODAY));
        assertEquals("tertial 2 of 2025 (May–August)", ReportPeriod.parse("2025-T2", TODAY).title());
        assertEquals("2025-T2", ReportPeriod.parse("2025-T2", TODAY).name());
    }

    @Test
    void aMonthEndsOnItsLastDayLeapYearsIncluded() {
        final ReportPeriod february = ReportPeriod.parse("2024-02", TODAY);
        assertEquals(LocalDate.of(2024, 2, 1), february.start());
        assertEquals(LocalDate.of(2024, 2, 29), february.end());
        assertEquals("February 2024", february.title());
        assertEquals("2024-02", february.name());
    }

    @Test
    void aPeriodUnderWayIsReportedButNotEndedAndAFutureOneIsRefused() {
        final ReportPeriod december = ReportPeriod.parse("2026-12", TODAY);
        assertTrue(!december.endedBy(TODAY));
        assertTrue(ReportPeriod.parse("2026-11", TODAY).endedBy(TODAY));
        assertTrue(refusal("2027-01").contains("lies in the future: 2027-01 starts on 2027-01-01 and today is"
                + " 2026-12-07"));
        assertTrue(refusal("2027-T1").contains("lies in the future"));
    }

    @Test
    void malformedPeriodsSayWhatIsWrong() {
        assertTrue(refusal("2025-13").startsWith("has no month 13"));
        assertTrue(refusal("2025-T4").startsWith("must be a month such as 2025-05 or a tertial such as 2025-T2"));
        assertTrue(refusal("2025-5").startsWith("must be a month"));
        assertTrue(refusal("T2-2025").startsWith("must be a month"));
        assertTrue(refusal("1999-T1").startsWith("must be in the years 2000 to 2100"));
        assertTrue(refusal("").startsWith("is required"));
        assertTrue(refusal(null).startsWith("is required"));
    }

    private static String refusal(final String text) {
        return assertThrows(ReportPeriod.Refused.class, () -> ReportPeriod.parse(text, TODAY)).getMessage();
    }
}
