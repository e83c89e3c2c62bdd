package se.pks.stream.analysis;

/**
 * Which way an action is meant to move its measure. Said by the action itself rather than taken from the measure's
 * better direction, since some measures have none (emergency visits) and an action may deliberately trade one figure
 * for another (fewer return visits to free time for first visits).
 */
public enum ExpectedDirection {
    INCREASE,
    DECREASE
}
