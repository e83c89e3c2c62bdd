package se.pks.stream.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProviderRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aMinutesWorthPassesThenOneRequestPerSecondAtSixtyPerMinute() {
        final AtomicLong now = new AtomicLong(0);
        final ProviderRateLimiter limiter = new ProviderRateLimiter(60, now::get);
        for (int i = 0; i < 60; i++) {
            assertDoesNotThrow(() -> limiter.acquire("prov-a"));
        }
        final ProblemException refused = assertThrows(ProblemException.class, () -> limiter.acquire("prov-a"));
        assertEquals(429, refused.problem().status());
        // Another provider has a bucket of its own.
        assertDoesNotThrow(() -> limiter.acquire("prov-b"));

        // 60 per minute refills one request per second: half a second is not enough, a whole one is.
        now.set(SECOND / 2);
        assertThrows(ProblemException.class, () -> limiter.acquire("prov-a"));
        now.set(SECOND);
        assertDoesNotThrow(() -> limiter.acquire("prov-a"));
        assertThrows(ProblemException.class, () -> limiter.acquire("prov-a"));
    }
}
