package se.pks.stream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Feed;

class ExpectedReportingTest {

    @Test
    void wardsReportTheirCensusDailyAndClinicsTheirVisitsOnWorkingDays() {
        final List<ExpectedReporting> rows = ExpectedReporting.of(DemoCatalogue.units());
        assertEquals(List.of(new ExpectedReporting("sus-med-avd", Feed.BED_OCCUPANCY, "DAILY")),
                rows.stream().filter(row -> row.unitId().equals("sus-med-avd")).toList());
        assertEquals(List.of(new ExpectedReporting("sus-ort-mott", Feed.VISITS, "WORKING_DAYS"),
                        new ExpectedReporting("sus-ort-mott", Feed.WAITING_LIST, "WEEKLY")),
                rows.stream().filter(row -> row.unitId().equals("sus-ort-mott")).toList());
        assertEquals(List.of(new ExpectedReporting("abs-uro-op", Feed.OPERATIONS, "WEEKLY"),
                        new ExpectedReporting("abs-uro-op", Feed.WAITING_LIST, "WEEKLY")),
                rows.stream().filter(row -> row.unitId().equals("abs-uro-op")).toList());
    }
}
