package se.pks.stream.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import se.pks.stream.PksConfig;

/**
 * Keeps one provider's requests from crowding out the others: a token bucket per provider that holds a minute's
 * worth of requests and refills evenly. In memory, per instance: the limit protects this instance, it is not a quota.
 */
@ApplicationScoped
public class ProviderRateLimiter {

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final int perMinute;
    private final LongSupplier nanoTime;

    @Inject
    public ProviderRateLimiter(final PksConfig config) {
        this(config.ingest().rateLimitPerMinute(), System::nanoTime);
    }

    ProviderRateLimiter(final int perMinute, final LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the provider's bucket, or answers 429 when it is empty. */
    public void acquire(final String providerId) {
        final TokenBucket bucket = buckets.computeIfAbsent(providerId,
                id -> new TokenBucket(perMinute, perMinute / 60e9, nanoTime.getAsLong()));
        if (!bucket.tryTake(nanoTime.getAsLong())) {
            throw ProblemException.tooManyRequests("Provider '" + providerId + "' may send at most " + perMinute
                    + " requests per minute; wait a moment and send the request again");
        }
    }

    /** Holds up to {@code capacity} requests and gains {@code perNano} of one every nanosecond. */
    private static final class TokenBucket {

        private final double capacity;
        private final double perNano;
        private double tokens;
        private long updatedAt;

        TokenBucket(final double capacity, final double perNano, final long now) {
            this.capacity = capacity;
            this.perNano = perNano;
            this.tokens = capacity;
            this.updatedAt = now;
        }

        synchronized boolean tryTake(final long now) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * perNano);
            updatedAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
