package se.pks.stream.analysis;

/**
 * Whether the process, as it runs today, can be relied on to meet its target. Read from where the target lies
 * against the process limits: only a change to the process moves a verdict of PASS or FAIL.
 */
public enum Assurance {
    /** No target, no limits, or a measure without a better direction: nothing to assure. */
    NONE,
    /** The target lies beyond the limit on the bad side: the process will consistently pass. */
    PASS,
    /** The target lies beyond the limit on the good side: the process will consistently fail. */
    FAIL,
    /** The target lies within the limits: the process will sometimes meet it and sometimes not. */
    HIT_OR_MISS
}
