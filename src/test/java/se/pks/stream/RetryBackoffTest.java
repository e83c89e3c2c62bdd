package se.pks.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The back-off schedule with the default settings (10 s, doubling, capped at 15 min, 20 % jitter), by hand. */
class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(10), Duration.ofMinutes(15), 0.2);

    @Test
    void doublesFromTheFirstDelayUpToTheCapAndStaysThere() {
        // 10, 20, 40, 80, 160, 320, 640 s; 1280 s would exceed 900 s (15 min), so 900 s from the 8th failure on.
        final long[] seconds = {10, 20, 40, 80, 160, 320, 640, 900, 900, 900};
        for (int failures = 1; failures <= seconds.length; failures++) {
            assertEquals(Duration.ofSeconds(seconds[failures - 1]), backoff.delay(failures, 0.0),
                    "after " + failures + " failures");
        }
        assertEquals(Duration.ofMinutes(15), backoff.delay(1_000, 0.0));
        assertEquals(Duration.ofMinutes(15), backoff.delay(Integer.MAX_VALUE, 0.0));
    }

    @Test
    void jitterTakesOffUpToItsShare() {
        // random 0.5 takes off half of the 20 %: 10 % shorter.
        assertEquals(Duration.ofSeconds(9), backoff.delay(1, 0.5));
        assertEquals(Duration.ofSeconds(36), backoff.delay(3, 0.5));
        assertEquals(Duration.ofSeconds(810), backoff.delay(12, 0.5));
        // Just under 1: just over 80 % of the delay, never less.
        assertEquals(Duration.ofMillis(8_000), backoff.delay(1, 0.99999999));
    }

    @Test
    void aLargeFirstDelayDoesNotOverflowWhenDoubled() {
        final RetryBackoff daily = new RetryBackoff(Duration.ofDays(1), Duration.ofDays(7), 0);
        assertEquals(Duration.ofDays(4), daily.delay(3, 0));
        assertEquals(Duration.ofDays(7), daily.delay(4, 0));
        assertEquals(Duration.ofDays(7), daily.delay(62, 0));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ZERO, Duration.ofMinutes(1), 0.2));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ofMinutes(2), Duration.ofMinutes(1), 0.2));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.0));
    }
}
