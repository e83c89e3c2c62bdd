package se.pks.stream.analysis;

/**
 * The special-cause rule that marks a point, in precedence order: a point marked by several rules carries the first
 * of them. Order matters because the rule decides how the signal is read (a single extreme week is a different story
 * from a slow drift).
 */
public enum SpcRule {
    /** Common-cause variation only. */
    NONE,
    /** Above the upper or below the lower process limit. */
    BEYOND_LIMIT,
    /** One of 7 or more consecutive points each strictly higher (or each strictly lower) than the one before. */
    TREND,
    /** Two of three consecutive points beyond two thirds of the way from the centre to a limit, on the same side. */
    TWO_OF_THREE,
    /** One of 7 or more consecutive points on the same side of the centre line. */
    SHIFT
}
