package se.pks.stream.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.SplittableRandom;

/**
 * A ward: the noon census of staffed and occupied beds every day, and discharges after stays of one to twelve
 * days. A ward that delivers under plan has fewer beds staffed than planned, and discharges fewer patients.
 */
final class WardActivity implements UnitActivity {

    private static final LocalTime CENSUS_TIME = LocalTime.NOON;
    private static final LocalTime FIRST_DISCHARGE = LocalTime.of(9, 0);
    private static final LocalTime LAST_DISCHARGE = LocalTime.of(17, 0);
    private static final double BEDS_NOISE = 0.7;
    private static final double OCCUPIED_NOISE = 1.2;
    private static final double STAY_SPREAD = 0.5;
    /** The median of a log-normal stay lies below its mean by exp(spread^2 / 2). */
    private static final double MEDIAN_PER_MEAN = Math.exp(-STAY_SPREAD * STAY_SPREAD / 2.0);
    private static final double SHORTEST_STAY_HOURS = 24.0;
    private static final double LONGEST_STAY_HOURS = 12 * 24.0;
    private static final int MINUTES_GRID = 5;

    private final UnitProfile.Ward ward;
    private final DailyPlan plan;
    private final EventFeed feed;
    private final SplittableRandom random;

    WardActivity(final UnitProfile.Ward ward, final DailyPlan plan, final EventFeed feed,
            final SplittableRandom random) {
        this.ward = ward;
        this.plan = plan;
        this.feed = feed;
        this.random = random;
    }

    @Override
    public void day(final LocalDate day, final double performance) {
        final int staffed = (int) Math.max(1L,
                Math.round(plan.staffedBeds(ward, day) * performance + BEDS_NOISE * random.nextGaussian()));
        final int occupied = (int) Math.clamp(
                Math.round(staffed * ward.occupancy() + OCCUPIED_NOISE * random.nextGaussian()), 0L, staffed);
        feed.census(day.atTime(CENSUS_TIME).atZone(ProductionCalendar.ZONE).toInstant(), staffed, occupied);

        for (int i = Draws.poisson(random, plan.discharges(ward, day) * performance); i > 0; i--) {
            final Instant dischargedAt = feed.timeOn(day, FIRST_DISCHARGE, LAST_DISCHARGE);
            feed.discharge(dischargedAt.minus(stay()), dischargedAt);
        }
    }

    private Duration stay() {
        final double hours = Math.clamp(
                Draws.logNormal(random, ward.meanStayDays() * 24.0 * MEDIAN_PER_MEAN, STAY_SPREAD),
                SHORTEST_STAY_HOURS, LONGEST_STAY_HOURS);
        return Duration.ofMinutes(Math.round(hours * 60.0 / MINUTES_GRID) * MINUTES_GRID);
    }
}
