package se.pks.stream.analysis;

/** What the weeks after a completed action say about its effect on the measure. */
public enum EffectVerdict {
    /** No normal week before the action was done: there is nothing to compare with. */
    NO_BASELINE,
    /** Fewer normal weeks since the action was done than a shift needs, and no shift among them. */
    TOO_EARLY,
    /** Enough weeks, but no run of them on either side of the old centre line long enough to be a shift. */
    NO_SHIFT_YET,
    /** A run of weeks on the intended side of the old centre line: the process has moved the way intended. */
    EFFECT_SHOWN,
    /** A run of weeks on the other side: the process has moved, but the wrong way. */
    OPPOSITE_SHIFT
}
