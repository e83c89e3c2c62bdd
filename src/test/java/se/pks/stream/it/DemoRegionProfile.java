package se.pks.stream.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service as `./pks-local` runs it, with the demo region loaded at start-up, but with a tenth of the events so
 * that a test has settled figures within a minute. Units, organisations and plans are the full demo region's; the
 * users and the admin key are the local run's (password = user id), so the documentation's examples work as written.
 */
public class DemoRegionProfile implements QuarkusTestProfile {

    private static final List<String> LOCAL_USERS =
            List.of("leader", "pm-sus", "pm-nol", "pm-abs", "pm-private", "observer", "planner", "approver-sus",
                    "approver-cig", "approver-region");

    @Override
    public Map<String, String> getConfigOverrides() {
        final Map<String, String> overrides = new HashMap<>(Map.of("pks.demo.enabled", "true",
                "pks.demo.scale", "0.1", "pks.admin.key", "local-admin-key"));
        LOCAL_USERS.forEach(user -> overrides.put("quarkus.security.users.embedded.users." + user, user));
        // the test profile grants the region approver the approval story's region; here the demo's, as locally
        overrides.put("quarkus.security.users.embedded.roles.approver-region", "leadership,approver,region:region-demo");
        return overrides;
    }
}
