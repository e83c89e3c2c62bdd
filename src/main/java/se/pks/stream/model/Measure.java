package se.pks.stream.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The measure catalogue. The snake_case ids are the public contract used in plans, tables and dashboards. */
public enum Measure {
    FIRST_VISITS("first_visits", MeasureKind.COUNT, Direction.HIGHER_IS_BETTER),
    RETURN_VISITS("return_visits", MeasureKind.COUNT, Direction.HIGHER_IS_BETTER),
    EMERGENCY_VISITS("emergency_visits", MeasureKind.COUNT, Direction.NEUTRAL),
    OPERATIONS("operations", MeasureKind.COUNT, Direction.HIGHER_IS_BETTER),
    OPERATION_HOURS("operation_hours", MeasureKind.COUNT, Direction.HIGHER_IS_BETTER),
    CARE_DAYS("care_days", MeasureKind.COUNT, Direction.NEUTRAL),
    STAFFED_BEDS("staffed_beds", MeasureKind.RATIO, Direction.HIGHER_IS_BETTER),
    OCCUPANCY_RATE("occupancy_rate", MeasureKind.RATIO, Direction.NEUTRAL),
    DISCHARGES("discharges", MeasureKind.COUNT, Direction.HIGHER_IS_BETTER),
    AVG_LENGTH_OF_STAY("avg_length_of_stay", MeasureKind.RATIO, Direction.LOWER_IS_BETTER),
    REFERRALS_IN("referrals_in", MeasureKind.COUNT, Direction.NEUTRAL),
    REMOVALS("removals", MeasureKind.COUNT, Direction.HIGHER_IS_BETTER),
    WAITING_COUNT("waiting_count", MeasureKind.STOCK, Direction.LOWER_IS_BETTER),
    MEAN_WAIT_DAYS("mean_wait_days", MeasureKind.RATIO, Direction.LOWER_IS_BETTER),
    WAITING_OVER_LIMIT("waiting_over_limit", MeasureKind.STOCK, Direction.LOWER_IS_BETTER),
    GUARANTEE_COMPLIANCE("guarantee_compliance", MeasureKind.RATIO, Direction.HIGHER_IS_BETTER),
    MEDICAL_TARGET_COMPLIANCE("medical_target_compliance", MeasureKind.RATIO, Direction.HIGHER_IS_BETTER),
    // The queue inputs per guarantee type: a unit may keep a first-visit list and a treatment list side by side.
    REFERRALS_IN_FIRST_VISIT("referrals_in_first_visit", MeasureKind.COUNT, Direction.NEUTRAL),
    REFERRALS_IN_TREATMENT("referrals_in_treatment", MeasureKind.COUNT, Direction.NEUTRAL),
    REMOVALS_FIRST_VISIT("removals_first_visit", MeasureKind.COUNT, Direction.HIGHER_IS_BETTER),
    REMOVALS_TREATMENT("removals_treatment", MeasureKind.COUNT, Direction.HIGHER_IS_BETTER),
    WAITING_COUNT_FIRST_VISIT("waiting_count_first_visit", MeasureKind.STOCK, Direction.LOWER_IS_BETTER),
    WAITING_COUNT_TREATMENT("waiting_count_treatment", MeasureKind.STOCK, Direction.LOWER_IS_BETTER),
    MEAN_WAIT_DAYS_FIRST_VISIT("mean_wait_days_first_visit", MeasureKind.RATIO, Direction.LOWER_IS_BETTER),
    MEAN_WAIT_DAYS_TREATMENT("mean_wait_days_treatment", MeasureKind.RATIO, Direction.LOWER_IS_BETTER);

    private static final Map<String, Measure> BY_ID =
            Arrays.stream(values()).collect(Collectors.toMap(Measure::id, Function.identity()));

    private final String id;
    private final MeasureKind kind;
    private final Direction direction;

    Measure(final String id, final MeasureKind kind, final Direction direction) {
        this.id = id;
        this.kind = kind;
        this.direction = direction;
    }

    public String id() {
        return id;
    }

    public MeasureKind kind() {
        return kind;
    }

    public Direction direction() {
        return direction;
    }

    /** The feed the measure is computed from, so that a gap in the feed marks it (pks.measure_feed holds the same). */
    public Feed feed() {
        return switch (this) {
            case FIRST_VISITS, RETURN_VISITS, EMERGENCY_VISITS -> Feed.VISITS;
            case OPERATIONS, OPERATION_HOURS -> Feed.OPERATIONS;
            case CARE_DAYS, STAFFED_BEDS, OCCUPANCY_RATE, DISCHARGES, AVG_LENGTH_OF_STAY -> Feed.BED_OCCUPANCY;
            case REFERRALS_IN, REMOVALS, WAITING_COUNT, MEAN_WAIT_DAYS, WAITING_OVER_LIMIT, GUARANTEE_COMPLIANCE,
                 MEDICAL_TARGET_COMPLIANCE, REFERRALS_IN_FIRST_VISIT, REFERRALS_IN_TREATMENT, REMOVALS_FIRST_VISIT,
                 REMOVALS_TREATMENT, WAITING_COUNT_FIRST_VISIT, WAITING_COUNT_TREATMENT, MEAN_WAIT_DAYS_FIRST_VISIT,
                 MEAN_WAIT_DAYS_TREATMENT -> Feed.WAITING_LIST;
        };
    }

    public static Optional<Measure> byId(final String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    @Override
    public String toString() {
        return id;
    }
}
