package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * People signed in at the region's identity provider, as in production: a bearer token whose groups claim carries the
 * roles and organisation grants. Only a token signed by the trusted key, from the trusted issuer, gets in.
 */
@QuarkusTest
@TestProfile(PersonTokensProfile.class)
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class PersonTokensTest {

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @BeforeEach
    void units() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                          region_id)
                    VALUES ('sus-ort-mott', 'Ortopedmottagningen', 'prov-sus', 'org-sus', 'Sjöstad', 'PUBLIC', 'r-t'),
                           ('nol-kar-mott', 'Kardiologi', 'prov-nol', 'org-nol', 'Norrby', 'PUBLIC', 'r-t')
                    ON CONFLICT DO NOTHING""");
        }
    }

    @Test
    void theGroupsClaimGrantsRolesAndOrganisations() {
        final String manager = token("hsa-sus-0042", PersonTokensProfile.ISSUER,
                Set.of("production-manager", "org:org-sus"), PersonTokensProfile.signingKey());
        given().auth().oauth2(manager).contentType("application/json").body("""
                {"scope":"UNIT","scopeId":"sus-ort-mott","channel":"EMAIL","target":"ortopedi@sus.example"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(201).body("username", equalTo("hsa-sus-0042"));
        given().auth().oauth2(manager).contentType("application/json").body("""
                {"scope":"UNIT","scopeId":"nol-kar-mott","channel":"EMAIL","target":"ortopedi@sus.example"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(403);

        final String leader = token("hsa-lead-0001", PersonTokensProfile.ISSUER, Set.of("leadership"),
                PersonTokensProfile.signingKey());
        given().auth().oauth2(leader).when().get("/api/v1/actions").then().statusCode(200);
        given().auth().oauth2(leader).contentType("application/json").body("""
                {"title":"t","unitId":"sus-ort-mott","measure":"first_visits","expectedDirection":"INCREASE",\
                "responsible":"klinikchef","deadline":"2030-01-01"}""")
                .when().post("/api/v1/actions").then().statusCode(403);
    }

    @Test
    void aTokenFromAnotherIssuerOrSignedWithAnotherKeyIsRefused() {
        final Set<String> groups = Set.of("leadership");
        given().auth().oauth2(token("hsa-1", "https://elsewhere.invalid", groups, PersonTokensProfile.signingKey()))
                .when().get("/api/v1/actions").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("hsa-1", PersonTokensProfile.ISSUER, groups, PersonTokensProfile.foreignKey()))
                .when().get("/api/v1/actions").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("hsa-1", PersonTokensProfile.ISSUER, Set.of("staff"),
                        PersonTokensProfile.signingKey()))
                .when().get("/api/v1/actions").then().statusCode(403).contentType("application/problem+json");
    }

    private static String token(final String user, final String issuer, final Set<String> groups,
                                final PrivateKey key) {
        return Jwt.upn(user).issuer(issuer).groups(groups).expiresIn(300).sign(key);
    }
}
