package se.pks.stream.topology;

/** A derived figure: a value, and for rates the parts it was divided from. A rate over nothing has no value. */
record Figure(Double value, Double numerator, Double denominator) {

    static Figure count(final long value) {
        return new Figure((double) value, null, null);
    }

    static Figure hours(final long seconds) {
        return new Figure(seconds / 3600.0, null, null);
    }

    static Figure ratio(final long numerator, final long denominator) {
        return new Figure(denominator == 0 ? null : (double) numerator / denominator, (double) numerator,
                (double) denominator);
    }

    boolean isDefined() {
        return value != null;
    }
}
