package se.pks.stream.analysis;

import java.util.EnumMap;
import java.util.Map;
import se.pks.stream.model.GuaranteeType;

/**
 * The knobs of the waiting-list queue figures. The guarantee limits are configuration, not code, because they are
 * under national review and may differ per guarantee type.
 *
 * @param windowWeeks   how many of the latest weeks demand and capacity are measured over (default 26)
 * @param targetFactor  the target mean wait is the limit divided by this (default 4, about 2 % breaches)
 * @param weeksToTarget in how many weeks relief capacity should bring an oversized list down to its target (26)
 * @param limitDays     the guarantee limit in days per guarantee type (default 90 for every type)
 */
public record QueueSettings(int windowWeeks, double targetFactor, double weeksToTarget,
                            Map<GuaranteeType, Double> limitDays) {

    public static final double DEFAULT_LIMIT_DAYS = 90.0;

    public QueueSettings {
        if (windowWeeks < 1) {
            throw new IllegalArgumentException("windowWeeks must be at least 1: " + windowWeeks);
        }
        if (!(targetFactor > 0.0) || !(weeksToTarget > 0.0)) {
            throw new IllegalArgumentException("targetFactor and weeksToTarget must be positive");
        }
        final Map<GuaranteeType, Double> limits = new EnumMap<>(GuaranteeType.class);
        for (final GuaranteeType type : GuaranteeType.values()) {
            final Double days = limitDays.get(type);
            if (days == null || !(days > 0.0)) {
                throw new IllegalArgumentException("a positive limit in days is needed for " + type);
            }
            limits.put(type, days);
        }
        limitDays = Map.copyOf(limits);
    }

    public static QueueSettings defaults() {
        final Map<GuaranteeType, Double> limits = new EnumMap<>(GuaranteeType.class);
        for (final GuaranteeType type : GuaranteeType.values()) {
            limits.put(type, DEFAULT_LIMIT_DAYS);
        }
        return new QueueSettings(26, 4.0, 26.0, limits);
    }

    /** The same settings with another limit for one guarantee type. */
    public QueueSettings withLimit(final GuaranteeType type, final double days) {
        final Map<GuaranteeType, Double> limits = new EnumMap<>(limitDays);
        limits.put(type, days);
        return new QueueSettings(windowWeeks, targetFactor, weeksToTarget, limits);
    }

    public double limitDays(final GuaranteeType type) {
        return limitDays.get(type);
    }
}
