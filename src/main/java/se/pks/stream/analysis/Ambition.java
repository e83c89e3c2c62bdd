package se.pks.stream.analysis;

/**
 * A yearly ambition that steps toward a final ambition (the Norwegian handbook's "årlige ambisjoner"): a share that
 * should reach 30 % by 2028 from 10 % in 2024 is expected at 15 % in 2025, 20 % in 2026 and so on, so each year is
 * judged against what is reasonable that year rather than against the final goal.
 */
public record Ambition(int startYear, double startValue, int finalYear, double finalValue) {

    public Ambition {
        if (finalYear < startYear) {
            throw new IllegalArgumentException("finalYear " + finalYear + " is before startYear " + startYear);
        }
    }

    /** Linear between the start and the final year; the start value before it, the final value after it. */
    public double valueFor(final int year) {
        if (year <= startYear) {
            return startValue;
        }
        if (year >= finalYear) {
            return finalValue;
        }
        return startValue + (finalValue - startValue) * (year - startYear) / (finalYear - startYear);
    }
}
