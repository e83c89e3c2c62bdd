package se.pks.stream.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Plan;
import se.pks.stream.topology.JsonSerde;

/**
 * A synthetic national load for the benchmark: Region Exempel's thirty units copied into {@code regions} regions,
 * each copy with its own region, organisation, provider and unit ids (suffix {@code -rNN}), plans and events.
 *
 * <p>It lives beside the demo generator (same package, test sources) so that it reuses the demo's unit stories and
 * activity models without making them public or shipping the benchmark in the service jar. Regions are generated one
 * at a time, so a ten-million-event load never has to fit in memory at once. Provider mistakes (records that are
 * rejected) are left out: the benchmark compares accepted figures with an SQL peer that does no validation.
 */
public final class NationalLoad {

    public static final int UNITS_PER_REGION = DemoCatalogue.units().size();

    private final DemoSettings settings;

    public NationalLoad(final DemoSettings settings) {
        this.settings = settings;
    }

    /** Region number {@code index}: its register, calendar, plans and events (sorted by the time they were sent). */
    public DemoRegion region(final int index) {
        return region(index, true);
    }

    /** Region number {@code index} without its events: the reference data, cheap to make. */
    public DemoRegion reference(final int index) {
        return region(index, false);
    }

    private DemoRegion region(final int index, final boolean withEvents) {
        final String suffix = String.format("-r%02d", index);
        final List<DemoUnit> units = DemoCatalogue.units().stream().map(unit -> copy(unit, suffix)).toList();
        final SplittableRandom seeded = new SplittableRandom(settings.seed() * 1_000 + index);
        final DailyPlan plan = new DailyPlan(settings.scale());
        final Instant lastMoment = settings.lastDay().plusDays(1).atStartOfDay(ProductionCalendar.ZONE).toInstant()
                .minusSeconds(1);
        final List<EventDraft> drafts = new ArrayList<>();
        for (final DemoUnit unit : withEvents ? units : List.<DemoUnit>of()) {
            drafts.addAll(unitEvents(unit, plan, seeded.split(), lastMoment));
        }
        final List<EventDraft> sent = new DataQualityNoise(seeded.split(), lastMoment).apply(drafts);
        sent.sort(Comparator.comparing(EventDraft::receivedAt));
        final List<DemoRecord> events = new ArrayList<>(sent.size());
        for (final EventDraft event : sent) {
            events.add(new DemoRecord(event.kind().topic(), event.unitId(), json(event), event.receivedAt()));
        }
        final List<CareUnit> register = units.stream().map(DemoUnit::unit).toList();
        final List<Plan> plans = new DemoPlans(plan, settings).forUnits(units);
        return new DemoRegion(register, ProductionCalendar.lowProductionWeeks(register.getFirst().regionId(),
                settings.firstDay().withDayOfYear(1), settings.lastDay().withDayOfYear(1).plusYears(1).minusDays(1)),
                plans, events);
    }

    private static DemoUnit copy(final DemoUnit unit, final String suffix) {
        final CareUnit original = unit.unit();
        final CareUnit copied = new CareUnit(original.unitId() + suffix, original.name(),
                original.providerId() + suffix, original.organisationId() + suffix,
                original.organisationName() + suffix, original.ownership(), "region-bench" + suffix);
        return new DemoUnit(copied, unit.profile(), unit.performance(), unit.driftPerYear(), unit.inflowRatio());
    }

    private List<EventDraft> unitEvents(final DemoUnit unit, final DailyPlan plan, final SplittableRandom random,
            final Instant lastMoment) {
        final EventFeed feed = new EventFeed(unit, random, lastMoment);
        final UnitActivity activity = switch (unit.profile()) {
            case UnitProfile.Outpatient clinic -> new ClinicActivity(unit, clinic, plan, feed, random);
            case UnitProfile.Surgical theatre -> new TheatreActivity(unit, theatre, plan, feed, random);
            case UnitProfile.Ward ward -> new WardActivity(ward, plan, feed, random);
        };
        activity.start(settings.firstDay());
        for (LocalDate day = settings.firstDay(); !day.isAfter(settings.lastDay()); day = day.plusDays(1)) {
            activity.day(day, unit.performanceOn(settings.firstDay(), day));
        }
        return feed.drafts();
    }

    private static String json(final EventDraft event) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(event.body());
        } catch (final JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
