package se.pks.stream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.ContactMode;
import se.pks.stream.model.GuaranteeType;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.OperationPriority;
import se.pks.stream.model.Ownership;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;
import se.pks.stream.model.RemovalReason;
import se.pks.stream.model.VisitType;
import se.pks.stream.model.WaitingListAction;
import se.pks.stream.model.WeekKind;

/**
 * A two-week slice of the demo region at a tenth of its volume, checked by hand against the contract and the
 * catalogue's figures.
 */
class DemoRegionSliceTest {

    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 3, 3);
    private static final LocalDate LAST_DAY = LocalDate.of(2025, 3, 16);
    private static final DemoSettings SLICE = new DemoSettings(42L, FIRST_DAY, LAST_DAY, 0.1);
    private static final Instant LAST_MOMENT = Instant.parse("2025-03-16T22:59:59Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ten digits, or six and four with a separator: the shapes of a Swedish personal identity number. */
    private static final Pattern IDENTITY_NUMBER_SHAPE = Pattern.compile("\\d{6}[-+ ]?\\d{4}");

    private static DemoRegion region;
    /** The first version of every event, by eventId: later records with that id are resends. */
    private static Map<String, JsonNode> originals;

    @BeforeAll
    static void generate() throws IOException {
        region = DemoRegionGenerator.generate(SLICE);
        originals = new HashMap<>();
        for (final DemoRecord record : region.events()) {
            final JsonNode event = JSON.readTree(record.json());
            originals.putIfAbsent(event.get("eventId").asText(), event);
        }
    }

    @Test
    void sameSettingsGiveTheSameRecordsAndAnotherSeedOthers() {
        final DemoSettings twoMonths = new DemoSettings(7L, LocalDate.of(2025, 5, 1), LocalDate.of(2025, 6, 30), 0.2);
        final List<DemoRecord> first = DemoRegionGenerator.generate(twoMonths).records();
        final List<DemoRecord> second = DemoRegionGenerator.generate(twoMonths).records();
        assertEquals(first, second);
        final List<DemoRecord> otherSeed =
                DemoRegionGenerator.generate(new DemoSettings(8L, twoMonths.firstDay(), twoMonths.lastDay(), 0.2))
                        .records();
        assertNotEquals(first, otherSeed);
    }

    @Test
    void registerHasThreeHospitalsAndTwoPrivateProvidersWithThirtyUnits() {
        assertEquals(30, region.units().size());
        final Map<String, Ownership> providers = new TreeMap<>();
        for (final CareUnit unit : region.units()) {
            assertEquals("region-demo", unit.regionId());
            final Ownership earlier = providers.put(unit.providerId(), unit.ownership());
            assertTrue(earlier == null || earlier == unit.ownership(), unit.unitId());
        }
        assertEquals(3, providers.values().stream().filter(o -> o == Ownership.PUBLIC).count());
        assertEquals(2, providers.values().stream().filter(o -> o == Ownership.PRIVATE).count());
        assertEquals(30, region.units().stream().map(CareUnit::unitId).distinct().count());
    }

    @Test
    void privateProvidersHaveNoWards() {
        final Set<String> privateUnits = new HashSet<>();
        region.units().stream().filter(u -> u.ownership() == Ownership.PRIVATE).forEach(u -> privateUnits.add(u.unitId()));
        for (final JsonNode event : originals.values()) {
            if (privateUnits.contains(event.get("unitId").asText())) {
                assertFalse(event.has("staffedBeds") || event.has("dischargedAt"), event.toString());
            }
        }
    }

    @Test
    void everyEventComesFromTheProviderOfItsUnitAndIsKeyedByUnit() throws IOException {
        final Map<String, String> providerOfUnit = new HashMap<>();
        region.units().forEach(unit -> providerOfUnit.put(unit.unitId(), unit.providerId()));
        for (final DemoRecord record : region.events()) {
            final JsonNode event = JSON.readTree(record.json());
            final String unitId = event.get("unitId").asText();
            assertEquals(unitId, record.key());
            assertEquals(providerOfUnit.get(unitId), event.get("providerId").asText(), record.json());
        }
    }

    @Test
    void everyEventFollowsTheContract() throws IOException {
        for (final DemoRecord record : region.events()) {
            final JsonNode event = JSON.readTree(record.json());
            final Instant occurredAt = contractTime(event, "occurredAt");
            assertTrue(event.get("eventId").asText().startsWith(event.get("unitId").asText()), record.json());
            assertFalse(occurredAt.isAfter(LAST_MOMENT), record.json());
            assertFalse(record.receivedAt().isAfter(LAST_MOMENT), record.json());
            assertFalse(record.receivedAt().isBefore(occurredAt), record.json());
            if (event.path("deleted").asBoolean(false)) {
                // a deletion carries the header and the flag only
                assertEquals(5, event.size(), record.json());
                continue;
            }
            switch (record.topic()) {
                case "pks.visits.v1" -> checkVisit(event);
                case "pks.operations.v1" -> checkOperation(event, occurredAt);
                case "pks.bed-occupancy.v1" -> checkBedOccupancy(event, occurredAt);
                case "pks.waiting-list.v1" -> checkWaitingList(event);
                default -> fail("unexpected topic " + record.topic());
            }
        }
    }

    private static void checkVisit(final JsonNode event) {
        VisitType.valueOf(event.get("visitType").asText());
        if (event.has("contactMode")) {
            ContactMode.valueOf(event.get("contactMode").asText());
        }
    }

    private static void checkOperation(final JsonNode event, final Instant occurredAt) {
        assertEquals(occurredAt, contractTime(event, "startedAt"));
        final Duration duration = Duration.between(occurredAt, contractTime(event, "endedAt"));
        assertTrue(duration.compareTo(Duration.ofMinutes(30)) >= 0 && duration.compareTo(Duration.ofHours(4)) <= 0,
                event.toString());
        OperationPriority.valueOf(event.get("priority").asText());
    }

    private static void checkBedOccupancy(final JsonNode event, final Instant occurredAt) {
        if ("CENSUS".equals(event.get("type").asText())) {
            final JsonNode staffed = event.get("staffedBeds");
            final JsonNode occupied = event.get("occupiedBeds");
            assertTrue(staffed.isInt() && occupied.isInt(), event.toString());
            assertTrue(occupied.intValue() >= 0 && occupied.intValue() <= staffed.intValue(), event.toString());
            // staffed beds of the catalogue's wards lie between 15 and 30 in a normal week
            assertTrue(staffed.intValue() >= 10 && staffed.intValue() <= 33, event.toString());
        } else {
            assertEquals("DISCHARGE", event.get("type").asText());
            assertEquals(occurredAt, contractTime(event, "dischargedAt"));
            final Duration stay = Duration.between(contractTime(event, "admittedAt"), occurredAt);
            assertTrue(stay.compareTo(Duration.ofDays(1)) >= 0 && stay.compareTo(Duration.ofDays(12)) <= 0,
                    event.toString());
        }
    }

    private static void checkWaitingList(final JsonNode event) {
        assertTrue(event.get("referralId").asText().startsWith("ref-"), event.toString());
        final WaitingListAction action = WaitingListAction.valueOf(event.get("action").asText());
        GuaranteeType.valueOf(event.get("guarantee").asText());
        final LocalDate since = LocalDate.parse(event.get("waitingSince").asText());
        if (event.has("medicalTargetDate")) {
            assertTrue(LocalDate.parse(event.get("medicalTargetDate").asText()).isAfter(since), event.toString());
        }
        if (event.has("patientChosenWait")) {
            assertTrue(event.get("patientChosenWait").isBoolean(), event.toString());
        }
        if (action == WaitingListAction.REMOVED) {
            RemovalReason.valueOf(event.get("removalReason").asText());
        } else {
            assertFalse(event.has("removalReason"), event.toString());
        }
    }

    /** Contract times carry the Stockholm offset of their moment: +01:00 in winter, +02:00 in summer. */
    private static Instant contractTime(final JsonNode event, final String field) {
        final String text = event.get(field).asText();
        assertTrue(text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+]0[12]:00"), text);
        final OffsetDateTime time = OffsetDateTime.parse(text);
        assertEquals(STOCKHOLM.getRules().getOffset(time.toInstant()), time.getOffset(), text);
        return time.toInstant();
    }

    @Test
    void eventsAreSortedBySendTime() {
        for (int i = 1; i < region.events().size(); i++) {
            assertFalse(region.events().get(i).receivedAt().isBefore(region.events().get(i - 1).receivedAt()));
        }
    }

    @Test
    void nothingLooksLikeAPersonalIdentityNumber() {
        for (final DemoRecord record : region.records()) {
            for (final String text : new String[] {record.topic(), record.key(), record.json()}) {
                assertFalse(IDENTITY_NUMBER_SHAPE.matcher(text).find(), text);
            }
        }
    }

    @Test
    void recordsComeInProduceOrder() throws IOException {
        final List<DemoRecord> records = region.records();
        // 30 units, then the calendar, then the plans, then the events
        final int calendar = region.calendar().size();
        assertEquals(30 + calendar + region.plans().size() + region.events().size(), records.size());
        assertEquals("pks.units.v1", records.get(0).topic());
        assertEquals("pks.units.v1", records.get(29).topic());
        assertEquals("pks.calendar.v1", records.get(30).topic());
        assertEquals("pks.plans.v1", records.get(30 + calendar).topic());
        final DemoRecord firstPlan = records.get(30 + calendar);
        final JsonNode plan = JSON.readTree(firstPlan.json());
        assertEquals(Set.of("unitId", "measure", "planKind", "granularity", "periodStart", "value"),
                fieldNames(plan));
        assertEquals(region.plans().getFirst().key(), firstPlan.key());
        // the reference data is stamped before the first event, so that Kafka Streams processes it first
        assertTrue(firstPlan.receivedAt().isBefore(region.events().getFirst().receivedAt()));
        final JsonNode unit = JSON.readTree(records.get(0).json());
        assertEquals(Set.of("unitId", "name", "providerId", "organisationId", "organisationName", "ownership",
                "regionId"), fieldNames(unit));
    }

    @Test
    void theCalendarListsTheLowProductionWeeksOfTheYear() {
        // 2025: ISO weeks 27-32 (30 June - 10 August) are summer, Easter Sunday is 20 April (week of 14 April),
        // and the weeks holding 24-31 December and 1 January: 22 Dec 2025 and 29 Dec 2025 (which holds 1 Jan 2026),
        // plus 30 Dec 2024 (holds 1 Jan 2025) at the start: 6 + 1 + 3 = 10 weeks.
        final List<CalendarWeek> weeks = DemoRegionGenerator.generate(
                new DemoSettings(1L, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31), 0.05)).calendar();
        assertEquals(List.of("2024-12-30", "2025-04-14", "2025-06-30", "2025-07-07", "2025-07-14", "2025-07-21",
                        "2025-07-28", "2025-08-04", "2025-12-22", "2025-12-29"),
                weeks.stream().map(week -> week.weekStart().toString()).toList());
        assertTrue(weeks.stream().allMatch(week -> week.kind() == WeekKind.LOW_PRODUCTION));
        assertEquals("easter", weeks.get(1).label());
    }

    private static Set<String> fieldNames(final JsonNode node) {
        final Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void plansCoverTheYearInAlignedPeriods() {
        // Mondays 2024-12-30 (ISO week 1 of 2025) to 2025-12-29 (the last Monday of 2025): 52 * 7 days apart, 53
        // weeks; 12 months. Per clinic 3 weekly series + 1 monthly, per theatre 4 + 1, per ward 2 weekly series:
        // 13 * (3 * 53 + 12) + 8 * (4 * 53 + 12) + 9 * (2 * 53) = 2223 + 1792 + 954 = 4969
        assertEquals(4969, region.plans().size());
        for (final Plan plan : region.plans()) {
            assertTrue(plan.value() >= 0.0, plan.toString());
            if (plan.granularity() == Granularity.WEEK) {
                assertEquals(DayOfWeek.MONDAY, plan.periodStart().getDayOfWeek(), plan.toString());
            } else {
                assertEquals(1, plan.periodStart().getDayOfMonth(), plan.toString());
            }
        }
        assertEquals(LocalDate.of(2024, 12, 30), plan("sus-ort-mott", "first_visits", PlanKind.TARGET,
                Granularity.WEEK, LocalDate.of(2024, 12, 30)).periodStart());
        assertEquals(4969, region.plans().stream().map(Plan::key).distinct().count());
    }

    @Test
    void targetsFollowTheCatalogueAndTheSeasons() {
        // Ortopedmottagningen at Sjöstad plans 32 first visits a normal week; a tenth of that is 3.2. Summer weeks
        // run at half (1.6), Easter week at 0.6 (1.92 -> 1.9), the Christmas week at 0.45 (1.44 -> 1.4).
        assertEquals(3.2, weekPlan("sus-ort-mott", "first_visits", PlanKind.TARGET, LocalDate.of(2025, 3, 3)));
        assertEquals(1.6, weekPlan("sus-ort-mott", "first_visits", PlanKind.TARGET, LocalDate.of(2025, 7, 7)));
        assertEquals(1.9, weekPlan("sus-ort-mott", "first_visits", PlanKind.TARGET, LocalDate.of(2025, 4, 14)));
        assertEquals(1.4, weekPlan("sus-ort-mott", "first_visits", PlanKind.TARGET, LocalDate.of(2025, 12, 22)));
        // March 2025 has 21 weekdays (0.19 of a week each) and 10 weekend days (0.025 each):
        // 3.2 * (21 * 0.19 + 10 * 0.025) = 3.2 * 4.24 = 13.568 -> 13.6
        assertEquals(13.6, plan("sus-ort-mott", "first_visits", PlanKind.TARGET, Granularity.MONTH,
                LocalDate.of(2025, 3, 1)).value());
        // Its orthopaedic theatre: 30 operations a week, 15% acute; a tenth is 3.0. In summer the elective 85%
        // halves, the acute share does not: 0.1 * (25.5 * 0.5 + 4.5) = 1.725 -> 1.7
        assertEquals(3.0, weekPlan("sus-ort-op", "operations", PlanKind.TARGET, LocalDate.of(2025, 3, 3)));
        assertEquals(1.7, weekPlan("sus-ort-op", "operations", PlanKind.TARGET, LocalDate.of(2025, 7, 7)));
        // Medicinavdelning 1 plans 28 beds, three quarters of them in summer (21); beds are not scaled
        assertEquals(28.0, weekPlan("sus-med-avd", "staffed_beds", PlanKind.CAPACITY_FORECAST, LocalDate.of(2025, 3, 3)));
        assertEquals(21.0, weekPlan("sus-med-avd", "staffed_beds", PlanKind.CAPACITY_FORECAST, LocalDate.of(2025, 7, 7)));
        // discharges = beds * occupancy 0.96 / stay 5 days * 7 days * 0.1: 28 -> 3.7632 -> 3.8, 21 -> 2.8224 -> 2.8
        assertEquals(3.8, weekPlan("sus-med-avd", "discharges", PlanKind.TARGET, LocalDate.of(2025, 3, 3)));
        assertEquals(2.8, weekPlan("sus-med-avd", "discharges", PlanKind.TARGET, LocalDate.of(2025, 7, 7)));
    }

    @Test
    void everyLowProductionWeekIsPlannedLowerThanANormalWeek() {
        final LocalDate normal = LocalDate.of(2025, 3, 3);
        final List<LocalDate> lowWeeks = List.of(LocalDate.of(2025, 4, 14), LocalDate.of(2025, 6, 30),
                LocalDate.of(2025, 7, 28), LocalDate.of(2025, 8, 4), LocalDate.of(2025, 12, 22), LocalDate.of(2025, 12, 29));
        int compared = 0;
        for (final Plan plan : region.plans()) {
            if (plan.planKind() == PlanKind.TARGET && plan.granularity() == Granularity.WEEK
                    && plan.periodStart().equals(normal)) {
                for (final LocalDate low : lowWeeks) {
                    assertTrue(weekPlan(plan.unitId(), plan.measure(), PlanKind.TARGET, low) < plan.value(),
                            plan + " vs " + low);
                    compared++;
                }
            }
        }
        // every unit has one weekly target series: 30 units * 6 low weeks
        assertEquals(180, compared);
    }

    @Test
    void volumesMatchTheCatalogue() {
        final Map<String, Integer> counts = new TreeMap<>();
        for (final JsonNode event : originals.values()) {
            counts.merge(kindOf(event), 1, Integer::sum);
        }
        // one census per ward and day: 9 wards * 14 days
        assertEquals(126, counts.get("census"));
        // entries already waiting: round(0.1 * weekly volume * 4 weeks) per list. Clinics (first visits a week):
        // 32->13, 40->16, 20->8, 18->7, 26->10, 22->9, 24->10, 16->6, 30->12, 38->15, 24->10, 20->8, 14->6
        // = 130; theatres (elective operations a week): 25.5->10, 21->8, 16.2->6, 17.6->7, 21.12->8,
        // 14.72->6, 45->18, 26->10 = 73; 203 in all
        assertEquals(203, counts.get("backlog"));
        // first visits: 0.1 * 2 weeks * sum of (first visits a week * performance) over the clinics, about
        // 27.2 + 43.2 + 20.1 + 17.5 + 28.6 + 18.0 + 24 + 17.9 + 28.0 + 41.8 + 24 + 20 + 14.7 = 325 -> 65
        assertInBand(65, counts.get("first"));
        // operations: 0.1 * 2 * (electives * performance + acute) summed over the theatres, about
        // 26.9 + 28 + 19.0 + 20.2 + 26.1 + 13.6 + 48.6 + 22.4 = 204.8 -> 41
        assertInBand(41, counts.get("operation"));
        // referrals: 0.1 * 2 * sum of (weekly list volume * inflow ratio): clinics 334.5 + theatres 191.8 -> 105
        assertInBand(105, counts.get("referral"));
    }

    /** Poisson counts this size spread by about their square root; 35% is well over two standard deviations. */
    private static void assertInBand(final double expected, final Integer actual) {
        assertNotNull(actual);
        assertTrue(actual >= expected * 0.65 && actual <= expected * 1.35, actual + " not near " + expected);
    }

    private static String kindOf(final JsonNode event) {
        if (event.has("staffedBeds")) {
            return "census";
        }
        if ("FIRST".equals(event.path("visitType").asText())) {
            return "first";
        }
        if (event.has("priority")) {
            return "operation";
        }
        if ("ADDED".equals(event.path("action").asText())) {
            return LocalDate.parse(event.get("waitingSince").asText()).isBefore(FIRST_DAY) ? "backlog" : "referral";
        }
        return "other";
    }

    private static double weekPlan(final String unitId, final String measure, final PlanKind kind,
            final LocalDate monday) {
        return plan(unitId, measure, kind, Granularity.WEEK, monday).value();
    }

    private static Plan plan(final String unitId, final String measure, final PlanKind kind,
            final Granularity granularity, final LocalDate periodStart) {
        final List<Plan> found = new ArrayList<>();
        for (final Plan plan : region.plans()) {
            if (plan.unitId().equals(unitId) && plan.measure().equals(measure) && plan.planKind() == kind
                    && plan.granularity() == granularity && plan.periodStart().equals(periodStart)) {
                found.add(plan);
            }
        }
        assertEquals(1, found.size(), unitId + " " + measure + " " + periodStart);
        return found.getFirst();
    }
}
