package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import se.pks.stream.model.PlanKind;

class PlanKeyTest {

    @Test
    void aPlanKeyNamesTheFigureItPlansAndItsKind() {
        assertEquals(new PlanKey("WEEK|2025-01-06|sus-kir-op|operations", PlanKind.TARGET),
                PlanKey.parse("sus-kir-op|operations|TARGET|WEEK|2025-01-06"));
        assertEquals(new PlanKey("MONTH|2025-02-01|u1|waiting_count", PlanKind.INFLOW_FORECAST),
                PlanKey.parse("u1|waiting_count|INFLOW_FORECAST|MONTH|2025-02-01"));
    }

    @Test
    void aKeyWithTooFewPartsOrAnUnknownKindIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PlanKey.parse("u1|operations|TARGET|WEEK"));
        assertThrows(IllegalArgumentException.class, () -> PlanKey.parse("u1|operations|GUESS|WEEK|2025-01-06"));
    }
}
