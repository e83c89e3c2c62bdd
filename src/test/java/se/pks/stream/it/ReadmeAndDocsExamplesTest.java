package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every SQL and curl example of the README and docs/ works on the demo region as `./pks-local` loads it, with its
 * users and admin key (DemoRegionProfile): a query returns at least one row, a change changes at least one row, and
 * a curl command answers as documented (see CurlExamples). The SQL examples run in a transaction that is rolled back,
 * so the examples that configure something leave the demo as it was; the curl examples change the demo through the
 * API as a reader would, which is why this class runs after the other tests of the profile (Quarkus orders the test
 * classes of one profile by name).
 */
@QuarkusTest
@TestProfile(DemoRegionProfile.class)
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class ReadmeAndDocsExamplesTest {

    /** Fewer would mean the extraction lost blocks, not that the documentation shrank this much. */
    private static final int AT_LEAST_SQL_BLOCKS = 12;
    private static final int AT_LEAST_CURL_COMMANDS = 30;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @ConfigProperty(name = "pks.admin.key")
    String adminKey;

    @TestHTTPResource("/")
    URL base;

    @Test
    void everySqlAndCurlExampleAnswersOnTheDemoRegion() throws IOException {
        final SettledDemo demo = new SettledDemo(dataSource, bootstrapServers, applicationId);
        demo.await();
        // the public page's examples show approved figures, which the demo publishes once its figures have settled
        demo.awaitApprovals();
        final DocumentedExamples examples = DocumentedExamples.read(Path.of("README.md"), Path.of("docs"));
        final List<String> failures = new ArrayList<>();
        examples.sql().forEach(example -> runSql(example, failures));
        final CurlExamples curl = new CurlExamples(base.toString(),
                Map.of("PKS_ADMIN_KEY", adminKey, "PKS_TOKEN", providerToken("prov-42")));
        examples.shell().forEach(example -> curl.run(example.where(), example.text()));
        failures.addAll(curl.failures());

        assertTrue(failures.isEmpty(), failures.size() + " documented examples do not work on the demo region "
                + "(fix the example, or mark it <!-- not-run: reason -->):\n" + String.join("\n", failures));
        assertTrue(examples.sql().size() >= AT_LEAST_SQL_BLOCKS && curl.commands() >= AT_LEAST_CURL_COMMANDS,
                "found " + examples.sql().size() + " SQL blocks and ran " + curl.commands() + " curl commands");
    }

    /** The token a provider's documentation examples use ($PKS_TOKEN), issued as the operator would. */
    private String providerToken(final String providerId) {
        return given().header("X-Admin-Key", adminKey)
                .when().post("/api/v1/admin/providers/" + providerId + "/credentials")
                .then().statusCode(201).extract().path("token");
    }

    private void runSql(final DocumentedExamples.Example example, final List<String> failures) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (final String sql : SqlStatements.of(example.text())) {
                    final String problem = problem(statement, sql);
                    if (problem != null) {
                        failures.add(example.where() + ": " + problem + "\n    " + sql.replace("\n", "\n    "));
                        break;
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            failures.add(example.where() + ": " + e.getMessage());
        }
    }

    private static String problem(final Statement statement, final String sql) {
        final String verb = sql.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
        try {
            if (statement.execute(sql)) {
                try (ResultSet result = statement.getResultSet()) {
                    return result.next() ? null : "no rows";
                }
            }
            final boolean setting = verb.equals("SET") || verb.equals("RESET");
            return setting || statement.getUpdateCount() > 0 ? null : "changed no row";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }
}
