package se.pks.stream.model;

/** How a measure behaves when nothing happened in a period, and how it rolls up. */
public enum MeasureKind {
    /** A number of things that happened in the period: 0 when nothing happened. */
    COUNT,
    /** A ratio or mean of parts: undefined (null) when its denominator is 0. */
    RATIO,
    /** A level at the end of the period (e.g. people waiting): carried from period to period. */
    STOCK
}
