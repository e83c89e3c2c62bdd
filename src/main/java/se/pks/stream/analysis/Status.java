package se.pks.stream.analysis;

/** The traffic light of one figure against its threshold. NONE: no threshold applies, or nothing to judge. */
public enum Status {
    GREEN,
    YELLOW,
    RED,
    NONE
}
