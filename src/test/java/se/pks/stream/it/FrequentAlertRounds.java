package se.pks.stream.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Alert rounds twice a second, for the test that lets an alert's weeks pass in seconds. The other tests keep the test
 * profile's slower rounds, which would otherwise keep the database busy while they load the demo region.
 */
public class FrequentAlertRounds implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pks.alerts.evaluation-interval", "500ms");
    }
}
