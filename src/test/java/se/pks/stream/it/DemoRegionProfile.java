package se.pks.stream.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service as `./pks-local` runs it, with the demo region loaded at start-up, but with a tenth of the events so
 * that a test has settled figures within a minute. Units, organisations and plans are the full demo region's.
 */
public class DemoRegionProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pks.demo.enabled", "true", "pks.demo.scale", "0.1");
    }
}
