package se.pks.stream.analysis;

/** How a special cause reads for the measure: good news, bad news, or just a change when no direction is better. */
public enum SpcSignal {
    NONE,
    IMPROVEMENT,
    CONCERN,
    NEUTRAL
}
