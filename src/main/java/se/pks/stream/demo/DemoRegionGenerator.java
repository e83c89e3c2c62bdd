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
import se.pks.stream.topics.JsonSerde;

/**
 * Generates Region Exempel, the demo region the local run loads so that analysts see figures at once: thirty units
 * of three hospitals and two private providers, their plans for every year the period touches, and their events.
 *
 * <p>Deterministic: the same settings give byte-identical records. Everything random comes from one seeded
 * {@link SplittableRandom}, split per unit in catalogue order; nothing reads the clock.
 */
public final class DemoRegionGenerator {

    private DemoRegionGenerator() {
    }

    public static DemoRegion generate(final DemoSettings settings) {
        return generate(settings, DemoCatalogue.units(), DemoCatalogue.REGION_ID,
                        new SplittableRandom(settings.seed()), true, true);
    }

    /**
     * Any units of one region: their register, calendar and plans, and, when {@code withEvents}, their events sent
     * in time order, with the provider mistakes of the demo's own units when {@code withMistakes}.
     */
    static DemoRegion generate(final DemoSettings settings, final List<DemoUnit> units, final String regionId,
                               final SplittableRandom seeded, final boolean withEvents, final boolean withMistakes) {
        final DailyPlan plan = new DailyPlan(settings.scale());
        final Instant lastMoment = settings.lastDay().plusDays(1).atStartOfDay(ProductionCalendar.ZONE).toInstant()
                .minusSeconds(1);

        final List<EventDraft> drafts = new ArrayList<>();
        for (final DemoUnit unit : withEvents ? units : List.<DemoUnit>of()) {
            drafts.addAll(unitEvents(unit, plan, settings, seeded.split(), lastMoment));
        }
        final List<EventDraft> sent = new DataQualityNoise(seeded.split(), lastMoment).apply(drafts);
        if (withMistakes) {
            sent.addAll(ProviderMistakes.in(units, settings.firstDay(), settings.lastDay()));
        }
        // a stable sort: records sent at the same moment keep the order in which they were made
        sent.sort(Comparator.comparing(EventDraft::receivedAt));

        final List<DemoRecord> events = new ArrayList<>(sent.size());
        for (final EventDraft event : sent) {
            events.add(new DemoRecord(event.kind().topic(), event.unitId(), json(event), event.receivedAt()));
        }
        final List<CareUnit> register = units.stream().map(DemoUnit::unit).toList();
        final List<Plan> plans = new DemoPlans(plan, settings).forUnits(units);
        return new DemoRegion(register, ProductionCalendar.lowProductionWeeks(regionId,
                settings.firstDay().withDayOfYear(1), settings.lastDay().withDayOfYear(1).plusYears(1).minusDays(1)),
                plans, events);
    }

    private static List<EventDraft> unitEvents(final DemoUnit unit, final DailyPlan plan, final DemoSettings settings,
            final SplittableRandom random, final Instant lastMoment) {
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
