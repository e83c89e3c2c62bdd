package se.pks.stream.analysis;

/** What a threshold's bands are laid on: the relative deviation from plan (in percent) or the value itself. */
public enum ThresholdBasis {
    DEVIATION_PCT,
    VALUE
}
