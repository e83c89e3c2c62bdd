package se.pks.stream.analysis;

import se.pks.stream.model.Direction;

/**
 * The yellow and red bands of one measure, optionally narrowed to one unit and/or one year.
 *
 * <p>Boundary rule: a value exactly on a bound gets the better colour ("reaching a bound is meeting it"). For
 * HIGHER_IS_BETTER: RED when value &lt; redFrom, else YELLOW when value &lt; yellowFrom, else GREEN. For
 * LOWER_IS_BETTER the mirror: RED when value &gt; redFrom, else YELLOW when value &gt; yellowFrom, else GREEN. So with
 * yellowFrom 0 on DEVIATION_PCT a unit exactly on plan is green.
 *
 * <p>With an {@link Ambition} the bounds are offsets from that year's ambition (VALUE basis only): yellowFrom 0 and
 * redFrom -5 mean yellow below the year's ambition and red more than 5 below it.
 *
 * @param measure    the measure id (snake_case)
 * @param direction  HIGHER_IS_BETTER or LOWER_IS_BETTER; NEUTRAL measures have no traffic light
 * @param basis      deviation from plan in percent, or the value
 * @param yellowFrom the bound past which (toward worse) the status is at least yellow
 * @param redFrom    the bound past which (toward worse) the status is red; not on the better side of yellowFrom
 * @param unitId     the unit it is narrowed to, or null for every unit
 * @param year       the year it is narrowed to, or null for every year
 * @param ambition   the stepping ambition the bounds are relative to, or null for absolute bounds
 */
public record Threshold(
        String measure,
        Direction direction,
        ThresholdBasis basis,
        double yellowFrom,
        double redFrom,
        String unitId,
        Integer year,
        Ambition ambition) {

    public Threshold {
        if (measure == null || direction == null || basis == null) {
            throw new IllegalArgumentException("measure, direction and basis are required");
        }
        if (direction == Direction.NEUTRAL) {
            throw new IllegalArgumentException("a NEUTRAL measure has no better or worse: " + measure);
        }
        if (better(direction, redFrom, yellowFrom)) {
            throw new IllegalArgumentException("redFrom " + redFrom + " is on the better side of yellowFrom "
                    + yellowFrom + " for " + direction);
        }
        if (ambition != null && basis != ThresholdBasis.VALUE) {
            throw new IllegalArgumentException("an ambition applies to the VALUE basis only");
        }
    }

    /** A threshold with absolute bounds for every unit and year. */
    public static Threshold of(final String measure, final Direction direction, final ThresholdBasis basis,
                               final double yellowFrom, final double redFrom) {
        return new Threshold(measure, direction, basis, yellowFrom, redFrom, null, null, null);
    }

    public Threshold forUnit(final String unit) {
        return new Threshold(measure, direction, basis, yellowFrom, redFrom, unit, year, ambition);
    }

    public Threshold forYear(final int onlyYear) {
        return new Threshold(measure, direction, basis, yellowFrom, redFrom, unitId, onlyYear, ambition);
    }

    public Threshold relativeTo(final Ambition stepping) {
        return new Threshold(measure, direction, basis, yellowFrom, redFrom, unitId, year, stepping);
    }

    /** How specific the threshold is: unit and year 3, unit 2, year 1, the measure's default 0. */
    int specificity() {
        return (unitId != null ? 2 : 0) + (year != null ? 1 : 0);
    }

    boolean appliesTo(final String unit, final int inYear) {
        return (unitId == null || unitId.equals(unit)) && (year == null || year == inYear);
    }

    /** The colour of a basis value (a deviation in percent or a value, as the basis says) in the given year. */
    public Status classify(final double basisValue, final int inYear) {
        final double offset = ambition == null ? 0.0 : ambition.valueFor(inYear);
        if (better(direction, redFrom + offset, basisValue)) {
            return Status.RED;
        }
        if (better(direction, yellowFrom + offset, basisValue)) {
            return Status.YELLOW;
        }
        return Status.GREEN;
    }

    /** Whether {@code a} is strictly better than {@code b} in the given direction. */
    private static boolean better(final Direction direction, final double a, final double b) {
        return direction == Direction.HIGHER_IS_BETTER ? a > b : a < b;
    }
}
