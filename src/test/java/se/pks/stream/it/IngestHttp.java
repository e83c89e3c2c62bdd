package se.pks.stream.it;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.path.json.JsonPath;

/** What the HTTP ingestion tests do as an operator: create and revoke provider credentials with the admin key. */
final class IngestHttp {

    /** The test profile's {@code pks.admin.key}. */
    static final String ADMIN_KEY = "test-admin-key";

    private IngestHttp() {
    }

    static void readProblemDetailsAsJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    record Issued(String credentialId, String token) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    static Issued create(final String providerId) {
        final JsonPath answer = given().header("X-Admin-Key", ADMIN_KEY)
                .when().post("/api/v1/admin/providers/" + providerId + "/credentials")
                .then().statusCode(201).extract().jsonPath();
        return new Issued(answer.getString("credentialId"), answer.getString("token"));
    }
}
