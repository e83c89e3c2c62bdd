package se.pks.stream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.CareUnit;
import se.pks.stream.topics.JsonSerde;

class NationalLoadTest {

    private static final NationalLoad LOAD =
            new NationalLoad(new DemoSettings(7L, LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 16), 0.2));

    @Test
    void everyRegionIsAFullCopyOfTheDemoUnitsUnderIdsOfItsOwn() {
        final DemoRegion first = LOAD.region(0);
        final DemoRegion second = LOAD.region(1);

        assertEquals(30, first.units().size());
        assertEquals(30, second.units().size());
        assertTrue(first.units().stream().allMatch(unit -> unit.unitId().endsWith("-r00")
                && unit.providerId().endsWith("-r00") && unit.organisationId().endsWith("-r00")
                && unit.regionId().equals("region-bench-r00")));
        final Set<String> firstIds = first.units().stream().map(CareUnit::unitId).collect(Collectors.toSet());
        assertTrue(second.units().stream().map(CareUnit::unitId).noneMatch(firstIds::contains));
        assertTrue(second.units().stream().anyMatch(unit -> unit.unitId().equals("sus-ort-mott-r01")));
    }

    @Test
    void eventsBelongToTheirRegionsUnitsAndProvidersAndRegionsDiffer() throws Exception {
        final DemoRegion region = LOAD.region(3);
        final Map<String, CareUnit> units =
                region.units().stream().collect(Collectors.toMap(CareUnit::unitId, Function.identity()));
        final Set<String> eventIds = new HashSet<>();

        assertFalse(region.events().isEmpty());
        for (final DemoRecord event : region.events()) {
            final JsonNode body = JsonSerde.MAPPER.readTree(event.json());
            final CareUnit unit = units.get(event.key());
            assertEquals(unit.unitId(), body.get("unitId").asText());
            assertEquals(unit.providerId(), body.get("providerId").asText());
            eventIds.add(body.get("providerId").asText() + "/" + body.get("eventId").asText());
        }
        // resends, corrections and deletions reuse an eventId: fewer ids than records, but most are distinct
        assertTrue(eventIds.size() < region.events().size());
        assertTrue(eventIds.size() > region.events().size() * 0.9);
        assertNotEquals(LOAD.region(4).events().size(), 0);
        assertTrue(LOAD.reference(3).events().isEmpty());
        assertEquals(region.plans().size(), LOAD.reference(3).plans().size());
    }
}
