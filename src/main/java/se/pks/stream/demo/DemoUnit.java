package se.pks.stream.demo;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import se.pks.stream.model.CareUnit;

/**
 * A unit of the demo region with the story its figures tell: how far it delivers against its plan
 * ({@code performance}, 0.85 = 15% under), how that changes over time ({@code driftPerYear}, added per year since
 * the first day) and how its referrals compare with the inflow forecast ({@code inflowRatio}).
 */
record DemoUnit(CareUnit unit, UnitProfile profile, double performance, double driftPerYear, double inflowRatio) {

    String id() {
        return unit.unitId();
    }

    String providerId() {
        return unit.providerId();
    }

    double performanceOn(final LocalDate firstDay, final LocalDate day) {
        return performance + driftPerYear * ChronoUnit.DAYS.between(firstDay, day) / 365.0;
    }
}
