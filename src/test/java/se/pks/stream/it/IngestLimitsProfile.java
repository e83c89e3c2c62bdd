package se.pks.stream.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Duration;
import java.util.Map;

/**
 * Limits low enough to reach in a test: 60 requests a minute per provider (the test profile otherwise lifts the
 * limit for the fuzz test) and 24 open HTTP connections, each closed after 5 idle seconds. Without the short idle
 * timeout the connections test clients leave open (RestAssured keeps each one until it is garbage) would fill the 24
 * places; production pairs its connection limit with an idle timeout for the same reason.
 */
public class IngestLimitsProfile implements QuarkusTestProfile {

    static final int REQUESTS_PER_MINUTE = 60;
    static final int MAX_CONNECTIONS = 24;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pks.ingest.rate-limit-per-minute", Integer.toString(REQUESTS_PER_MINUTE),
                "quarkus.http.limits.max-connections", Integer.toString(MAX_CONNECTIONS),
                "quarkus.http.idle-timeout", IDLE_TIMEOUT.toSeconds() + "s");
    }
}
