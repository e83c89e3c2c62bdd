package se.pks.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.ingest.PlanValidator;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Ownership;
import se.pks.stream.model.Plan;

class PlanUploadTest {

    private static final CareUnit U1 =
            new CareUnit("u1", "Unit 1", "prov-a", "org-a", "Organisation A", Ownership.PUBLIC, "region-test");

    private final PlanValidator validator = new PlanValidator(unitId -> unitId.equals("u1") ? U1 : null);

    @Test
    void goodRowsGoThroughAndEveryBadRowComesBackWithItsLineFieldAndReason() throws IOException {
        final PlanUpload.Checked checked = check("""
                unitId,measure,planKind,granularity,periodStart,value
                u1,first_visits,TARGET,WEEK,2025-01-06,4
                u1,first_visits,TARGET,WEEK,2025-01-07,4
                u1,first_visits,TARGET,WEEK,2025-01-13,5
                nowhere,first_visit,TARGET,MONTH,2025-01-01,-2
                u1,first_visits,TARGET,WEEK,2025-01-06,6
                u1,first_visits,TARGET,MONTH,2025-01-01
                u1,operations,TARGET,MONTH,2025-01-01,20
                """);
        // Lines 2, 4 and 8 are good. Line 3 starts on a Tuesday; line 5 is wrong three ways; line 6 repeats line 2;
        // line 7 lacks a cell.
        assertEquals(List.of("u1|first_visits|TARGET|WEEK|2025-01-06", "u1|first_visits|TARGET|WEEK|2025-01-13",
                "u1|operations|TARGET|MONTH|2025-01-01"), checked.accepted().stream().map(Plan::key).toList());
        assertEquals(4.0, checked.accepted().getFirst().value());
        assertEquals(List.of(
                new PlanUploadReport.RowError(3, "periodStart", "must be a Monday for WEEK plans"),
                new PlanUploadReport.RowError(5, "value", "must not be negative, was -2"),
                new PlanUploadReport.RowError(5, "measure", "unknown measure 'first_visit'"),
                new PlanUploadReport.RowError(5, "unitId", "unknown unit 'nowhere'"),
                new PlanUploadReport.RowError(6, "key", "the same unitId, measure, planKind, granularity and "
                        + "periodStart as row 2"),
                new PlanUploadReport.RowError(7, "row", "has 5 cells, the header has 6")),
                checked.report().errors());
        // 7 data rows, 3 accepted, 4 rejected (lines 3, 5, 6, 7).
        assertEquals(new PlanUploadReport(7, 3, 4, checked.report().errors()), checked.report());
    }

    private PlanUpload.Checked check(final String text) throws IOException {
        final CsvRows csv = CsvRows.plans(10_000, 100);
        return PlanUpload.check(csv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))), validator);
    }
}
