package se.pks.stream.demo;

import java.util.List;
import java.util.SplittableRandom;
import se.pks.stream.model.CareUnit;

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

    /** Beyond any numbered copy's index (at most a few dozen), so the new region draws events of its own. */
    private static final int NEW_REGION_SEED = 999;

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

    /**
     * A region that is not one of the numbered copies (suffix {@code -new}, a random stream of its own): the benchmark
     * onboards it into a service that already runs the others.
     */
    public DemoRegion newRegion() {
        return region("-new", NEW_REGION_SEED, true);
    }

    private DemoRegion region(final int index, final boolean withEvents) {
        return region(String.format("-r%02d", index), index, withEvents);
    }

    private DemoRegion region(final String suffix, final int seedIndex, final boolean withEvents) {
        final List<DemoUnit> units = DemoCatalogue.units().stream().map(unit -> copy(unit, suffix)).toList();
        return DemoRegionGenerator.generate(settings, units, units.getFirst().unit().regionId(),
                new SplittableRandom(settings.seed() * 1_000 + seedIndex), withEvents, false);
    }

    private static DemoUnit copy(final DemoUnit unit, final String suffix) {
        final CareUnit original = unit.unit();
        final CareUnit copied = new CareUnit(original.unitId() + suffix, original.name(),
                original.providerId() + suffix, original.organisationId() + suffix,
                original.organisationName() + suffix, original.ownership(), "region-bench" + suffix);
        return new DemoUnit(copied, unit.profile(), unit.performance(), unit.driftPerYear(), unit.inflowRatio());
    }
}
