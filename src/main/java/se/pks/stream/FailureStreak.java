package se.pks.stream;

import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * A background task's failures in a row. During an outage the task fails every round for as long as it lasts; the
 * first failure is logged with its stack trace, the later ones in one line each, and the end of the streak once, so
 * a minute without the database is a readable handful of lines rather than a screen of identical stack traces.
 */
public final class FailureStreak {

    private static final int MAX_REASON = 200;

    private final Logger log;
    private final String task;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile String lastReason;

    /** @param task what fails, as it should read in the log: "Database sink", "Alert round" */
    public FailureStreak(final Logger log, final String task) {
        this.log = log;
        this.task = task;
    }

    /**
     * Counts and logs one failure.
     *
     * @param next what happens now, e.g. "retrying in 4s"
     * @return the failures in a row, this one included
     */
    public int failed(final Exception failure, final String next) {
        final int count = failures.incrementAndGet();
        final String reason = innermostMessage(failure);
        lastReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason;
        if (count == 1) {
            log.errorf(failure, "%s failed; %s", task, next);
        } else {
            log.warnf("%s still failing after %d attempts (%s); %s", task, count, lastReason, next);
        }
        return count;
    }

    /** Ends a streak, if there was one. */
    public void succeeded() {
        final int count = failures.getAndSet(0);
        if (count > 0) {
            log.infof("%s working again after %d failed attempt(s)", task, count);
        }
    }

    public int inARow() {
        return failures.get();
    }

    /** Why the last attempt failed, while failing; null otherwise. */
    public String lastReason() {
        return failures.get() == 0 ? null : lastReason;
    }

    /** The counter itself, for a gauge. */
    public AtomicInteger counter() {
        return failures;
    }

    /**
     * The message of the failure's deepest cause that says something: "connection refused" rather than the Kafka
     * consumer's "user rebalance callback throws an error" around it.
     */
    public static String innermostMessage(final Throwable failure) {
        String message = failure.getMessage();
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause();
             cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return String.valueOf(message);
    }
}
