package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Dev Services path of `./mvnw quarkus:dev -Dquarkus.profile=devservices`: with the devservices profile and no
 * broker or database configured, Quarkus starts Kafka and TimescaleDB containers through Testcontainers, Flyway
 * migrates, the demo region goes through the stream, and a local user reads its units. Skipped with a message where
 * there is no Docker engine (DockerEngine), as on this project's build machines.
 */
@QuarkusTest
@TestProfile(DevServicesTest.DevServicesProfile.class)
@ExtendWith(DockerEngine.class)
class DevServicesTest {

    /** The devservices profile itself, with the test port and the containers the profile asks for. */
    public static class DevServicesProfile implements QuarkusTestProfile {

        @Override
        public String getConfigProfile() {
            return "devservices";
        }
    }

    @Test
    void theServiceRunsOnContainersStartedByDevServices() {
        given().when().get("/q/health/ready").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> given().auth().preemptive()
                .basic("leader", "leader").when().get("/api/v1/units")
                .then().statusCode(200).body("$", not(empty())));
        given().when().get("/api/v1/units").then().statusCode(equalTo(401));
    }
}
