package se.pks.stream.model;

/** Whether a higher value of a measure is good news or bad news. */
public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    NEUTRAL
}
