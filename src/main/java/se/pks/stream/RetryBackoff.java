package se.pks.stream;

import java.time.Duration;

/**
 * How long a notification waits after a failed attempt: the first delay after the first failure, doubled after
 * each further one, never more than the maximum, and shortened by a random share up to {@code jitter} so that
 * many notifications to one receiver that is back do not all arrive in the same second.
 */
public record RetryBackoff(Duration firstDelay, Duration maxDelay, double jitter) {

    public RetryBackoff {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("Retry delays must be positive, the maximum at least the first");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
    }

    /**
     * @param failedAttempts failures so far, at least 1
     * @param random a number in [0, 1): 0 keeps the whole delay, towards 1 takes off up to the jitter share
     */
    public Duration delay(final int failedAttempts, final double random) {
        final Duration nominal = nominal(failedAttempts);
        return Duration.ofMillis(Math.round(nominal.toMillis() * (1 - jitter * random)));
    }

    /** The delay before jitter: first x 2^(failedAttempts - 1), capped. */
    public Duration nominal(final int failedAttempts) {
        final int doublings = Math.max(0, failedAttempts - 1);
        final long first = firstDelay.toMillis();
        final long max = maxDelay.toMillis();
        // Compared by shifting the maximum down, so that many doublings cannot overflow.
        if (doublings >= Long.SIZE - 1 || first > max >> doublings) {
            return maxDelay;
        }
        return Duration.ofMillis(first << doublings);
    }
}
