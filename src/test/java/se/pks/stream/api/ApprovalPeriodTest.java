package se.pks.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The period of an approval from the path: months and tertials by their first day, their last day by hand. */
class ApprovalPeriodTest {

    @Test
    void aMonthAndATertialEndOnTheirLastDay() {
        assertEquals(new ApprovalPeriod("MONTH", LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)),
                ApprovalPeriod.parse("MONTH", "2024-02-01"));
        assertEquals(new ApprovalPeriod("TERTIAL", LocalDate.of(2025, 9, 1), LocalDate.of(2025, 12, 31)),
                ApprovalPeriod.parse("TERTIAL", "2025-09-01"));
        assertEquals(new ApprovalPeriod("TERTIAL", LocalDate.of(2025, 5, 1), LocalDate.of(2025, 8, 31)),
                ApprovalPeriod.parse("TERTIAL", "2025-05-01"));
    }

    @Test
    void aWrongKindOrADayThatStartsNoSuchPeriodIsNamed() {
        assertEquals("periodKind", field("QUARTER", "2025-01-01"));
        assertEquals("periodStart", field("MONTH", "2025-03-15"));
        assertEquals("periodStart", field("TERTIAL", "2025-03-01"));
        assertEquals("periodStart", field("MONTH", "March"));
        assertEquals("periodStart", field("MONTH", "1999-12-01"));
    }

    private static String field(final String kind, final String start) {
        return assertThrows(ProblemException.class, () -> ApprovalPeriod.parse(kind, start)).problem().errors()
                .getFirst().field();
    }
}
