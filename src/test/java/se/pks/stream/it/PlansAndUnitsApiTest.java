package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.Topics;

/**
 * The plans and units API against a real broker, the running stream and PostgreSQL: what the API accepts is on the
 * topic, keyed as the stream expects, before the answer; what it refuses is answered 400 naming the field.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class PlansAndUnitsApiTest {

    private static final String CSV_HEADER = "unitId,measure,planKind,granularity,periodStart,value\n";

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @Test
    void aUnitIsWrittenToTheRegisterAndServedOnceTheStreamHasReadIt() {
        planner().contentType("application/json").body(unitJson("api-unit", "api-unit"))
                .when().put("/api/v1/units/api-unit")
                .then().statusCode(202).body("topic", equalTo("pks.units.v1")).body("key", equalTo("api-unit"));
        awaitUnit("api-unit");

        planner().when().get("/api/v1/units").then().statusCode(200).body("unitId", hasItem("api-unit"));
        final ConsumerRecord<String, String> record = last(Topics.UNITS.name(), "api-unit");
        assertEquals("""
                {"unitId":"api-unit","name":"Unit api-unit","providerId":"prov-api","organisationId":"org-api",\
                "organisationName":"Organisation API","ownership":"PRIVATE","regionId":"region-test"}""",
                record.value());
    }

    @Test
    void aLowProductionWeekIsCalendaredAndCanBeMadeNormalAgain() {
        planner().contentType("application/json").body("{\"kind\":\"LOW_PRODUCTION\",\"label\":\"sportlov\"}")
                .when().put("/api/v1/calendar/region-api/2025-02-17")
                .then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                planner().when().get("/api/v1/calendar/region-api")
                        .then().statusCode(200).body("weekStart", contains("2025-02-17"))
                        .body("label", contains("sportlov")));

        // A week starts on a Monday; 18 February 2025 is a Tuesday.
        planner().contentType("application/json").body("{\"kind\":\"LOW_PRODUCTION\"}")
                .when().put("/api/v1/calendar/region-api/2025-02-18")
                .then().statusCode(400).body("errors[0].field", equalTo("weekStart"));

        planner().when().delete("/api/v1/calendar/region-api/2025-02-17").then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                planner().when().get("/api/v1/calendar/region-api").then().statusCode(200).body("size()", equalTo(0)));
    }

    @Test
    void aWrongFigureFilterIsRefusedNamingTheParameter() {
        planner().when().get("/api/v1/deviations?granularity=YEAR")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("granularity"));
        planner().when().get("/api/v1/measure-values?from=yesterday")
                .then().statusCode(400).body("errors.field", contains("from"));
        planner().when().get("/api/v1/deviations?unitId=none&granularity=WEEK&from=2025-01-01")
                .then().statusCode(200).body("size()", equalTo(0));
        // a mistyped measure would otherwise read as a unit without plans
        planner().when().get("/api/v1/plans?measure=first_visit")
                .then().statusCode(400).body("errors.field", contains("measure"));
        planner().when().get("/api/v1/plans?planKind=BUDGET")
                .then().statusCode(400).body("errors.field", contains("planKind"));
        planner().when().get("/api/v1/plan-versions?unitId=api-plan-unit&to=tomorrow")
                .then().statusCode(400).body("errors.field", contains("to"));
    }

    @Test
    void aWrongUnitIsRefusedNamingTheField() {
        planner().contentType("application/json").body(unitJson("other-unit", "api-unit"))
                .when().put("/api/v1/units/api-unit")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("unitId"));
        planner().contentType("application/json").body(unitJson("api-unit", "api-unit").replace("PRIVATE", "STATE"))
                .when().put("/api/v1/units/api-unit")
                .then().statusCode(400).body("errors.field", contains("ownership"));
        planner().when().get("/api/v1/units/never-registered").then().statusCode(404);
    }

    @Test
    void aPlanRowIsOnTheTopicUnderItsKeyBeforeTheAnswer() {
        registerUnit("api-plan-unit");
        planner().contentType("application/json").body("""
                {"unitId":"api-plan-unit","measure":"first_visits","planKind":"TARGET","granularity":"WEEK",\
                "periodStart":"2025-01-06","value":4}""")
                .when().put("/api/v1/plans")
                .then().statusCode(202).body("key", equalTo("api-plan-unit|first_visits|TARGET|WEEK|2025-01-06"));

        final ConsumerRecord<String, String> record =
                last(Topics.PLANS.name(), "api-plan-unit|first_visits|TARGET|WEEK|2025-01-06");
        assertEquals("""
                {"unitId":"api-plan-unit","measure":"first_visits","planKind":"TARGET","granularity":"WEEK",\
                "periodStart":"2025-01-06","value":4.0}""", record.value());
    }

    @Test
    void aBadPlanRowIsAnswered400NamingTheField() {
        registerUnit("api-plan-unit");
        final Map<String, String> fieldOfMistake = Map.of(
                // 7 January 2025 is a Tuesday.
                "\"periodStart\":\"2025-01-07\",\"value\":4", "periodStart",
                "\"periodStart\":\"2025-01-06\",\"value\":-1", "value");
        fieldOfMistake.forEach((tail, field) -> planner().contentType("application/json")
                .body(planJson("api-plan-unit", "first_visits") + tail + "}")
                .when().put("/api/v1/plans")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("errors.field", contains(field)));
        planner().contentType("application/json")
                .body(planJson("api-plan-unit", "first_visit") + "\"periodStart\":\"2025-01-06\",\"value\":4}")
                .when().put("/api/v1/plans")
                .then().statusCode(400).body("errors.field", contains("measure"));
        planner().contentType("application/json")
                .body(planJson("nowhere", "first_visits") + "\"periodStart\":\"2025-01-06\",\"value\":4}")
                .when().put("/api/v1/plans")
                .then().statusCode(400).body("errors.field", contains("unitId"))
                .body("errors.reason", contains("unknown unit 'nowhere'"));
        planner().contentType("application/json").body("unitId=api-plan-unit")
                .when().put("/api/v1/plans")
                .then().statusCode(400).body("errors.field", contains("body"));
    }

    @Test
    void aCsvFileSendsItsGoodRowsAndReportsEachBadRowByLine() {
        registerUnit("api-csv-unit");
        final String csv = CSV_HEADER
                + "api-csv-unit,first_visits,TARGET,WEEK,2025-01-06,4\n"
                + "api-csv-unit,first_visits,TARGET,WEEK,2025-01-14,4\n"
                + "api-csv-unit,first_visits,TARGET,WEEK,2025-01-20,5\n"
                + "api-csv-unit,operations,TARGET,MONTH,2025-01-01,-3\n"
                + "api-csv-unit,operations,TARGET,MONTH,2025-02-01,12.5\n";
        // Line 3: 14 January is a Tuesday; line 5: a negative value. Lines 2, 4 and 6 are good.
        planner().contentType("text/csv").body(csv)
                .when().post("/api/v1/plans/csv")
                .then().statusCode(200)
                .body("rows", equalTo(5)).body("accepted", equalTo(3)).body("rejected", equalTo(2))
                .body("errors.row", contains(3, 5)).body("errors.field", contains("periodStart", "value"));

        final List<String> keys = records(Topics.PLANS.name()).stream()
                .map(ConsumerRecord::key).filter(key -> key.startsWith("api-csv-unit|")).sorted().toList();
        assertEquals(List.of("api-csv-unit|first_visits|TARGET|WEEK|2025-01-06",
                "api-csv-unit|first_visits|TARGET|WEEK|2025-01-20",
                "api-csv-unit|operations|TARGET|MONTH|2025-02-01"), keys);
    }

    @Test
    void deletingAPlanRowOrAUnitWritesATombstone() {
        registerUnit("api-gone");
        planner().when().delete("/api/v1/plans/api-gone/care_days/CAPACITY_FORECAST/MONTH/2025-03-01")
                .then().statusCode(202).body("key", equalTo("api-gone|care_days|CAPACITY_FORECAST|MONTH|2025-03-01"));
        assertNull(last(Topics.PLANS.name(), "api-gone|care_days|CAPACITY_FORECAST|MONTH|2025-03-01").value());
        planner().when().delete("/api/v1/plans/api-gone/care_days/FORECAST/MONTH/2025-03-01")
                .then().statusCode(400).body("errors.field", contains("planKind"));

        planner().when().delete("/api/v1/units/api-gone").then().statusCode(202);
        assertNull(last(Topics.UNITS.name(), "api-gone").value());
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                planner().when().get("/api/v1/units/api-gone").then().statusCode(404));
    }

    @Test
    void storedPlanRowsAreReadWithFilters() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // The database sink fills pks.plan from the topic; here it is filled by hand.
            statement.execute("""
                    INSERT INTO pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) VALUES
                        ('api-read', 'first_visits', 'TARGET', 'WEEK', '2025-01-13', 5),
                        ('api-read', 'first_visits', 'TARGET', 'WEEK', '2025-01-06', 4),
                        ('api-read', 'first_visits', 'TARGET', 'WEEK', '2025-02-03', 6),
                        ('api-read', 'first_visits', 'TARGET', 'MONTH', '2025-01-01', 20),
                        ('api-read', 'operations', 'TARGET', 'WEEK', '2025-01-06', 2),
                        ('api-read', 'first_visits', 'CAPACITY_FORECAST', 'WEEK', '2025-01-06', 9)
                    ON CONFLICT DO NOTHING""");
        }
        // January's weekly first-visit targets: the weeks of 6 and 13 January, in period order.
        planner().queryParam("unitId", "api-read").queryParam("measure", "first_visits")
                .queryParam("planKind", "TARGET").queryParam("granularity", "WEEK")
                .queryParam("from", "2025-01-01").queryParam("to", "2025-01-31")
                .when().get("/api/v1/plans")
                .then().statusCode(200)
                .body("periodStart", contains("2025-01-06", "2025-01-13"))
                .body("value", contains(4.0f, 5.0f));
        planner().queryParam("unitId", "api-read").queryParam("limit", 2)
                .when().get("/api/v1/plans").then().statusCode(200).body("size()", equalTo(2));
        planner().queryParam("granularity", "DAY")
                .when().get("/api/v1/plans").then().statusCode(400).body("errors.field", contains("granularity"));
    }

    @Test
    void thresholdsAndExpectedReportingAreChangedThroughTheApiAndEveryChangeIsInTheAuditTrail() {
        registerUnit("audit-unit");
        planner().contentType("application/json").body("""
                        {"direction":"HIGHER_IS_BETTER","basis":"DEVIATION_PCT","yellowFrom":-4,"redFrom":-12,\
                        "reason":"board decision"}""")
                .when().put("/api/v1/thresholds/operations/audit-unit/2027")
                .then().statusCode(200).body("yellowFrom", equalTo(-4.0f));
        planner().queryParam("measure", "operations").queryParam("unitId", "audit-unit")
                .when().get("/api/v1/thresholds").then().statusCode(200)
                .body("year", contains(2027)).body("redFrom", contains(-12.0f));
        // red above yellow where higher is better would turn a figure red before yellow: refused, naming the field
        planner().contentType("application/json").body("""
                        {"direction":"HIGHER_IS_BETTER","basis":"DEVIATION_PCT","yellowFrom":-12,"redFrom":-4}""")
                .when().put("/api/v1/thresholds/operations/audit-unit/2027")
                .then().statusCode(400).body("errors.field", contains("reason", "redFrom"));
        planner().contentType("application/json").body("{\"cadence\":\"WEEKLY\",\"reason\":\"pilot\"}")
                .when().put("/api/v1/expected-reporting/audit-unit/VISITS")
                .then().statusCode(200).body("validFrom", equalTo("2000-01-01"));
        planner().when().delete("/api/v1/expected-reporting/audit-unit/VISITS")
                .then().statusCode(400).body("errors.field", contains("reason"));
        planner().when().delete("/api/v1/expected-reporting/audit-unit/VISITS?reason=pilot ended")
                .then().statusCode(204);

        final RequestSpecification leader = given().auth().preemptive().basic("leader", "leader-pw");
        leader.queryParam("subject", "threshold").queryParam("subjectKey", "operations|audit-unit|2027")
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("change", contains("CREATE")).body("actor", contains("person:planner"))
                .body("reason", contains("board decision")).body("after[0].red_from", equalTo(-12));
        given().auth().preemptive().basic("leader", "leader-pw")
                .queryParam("subject", "expected_reporting").queryParam("subjectKey", "audit-unit|VISITS")
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("change", contains("DELETE", "CREATE")).body("reason", contains("pilot ended", "pilot"));
        // the unit itself went through Kafka: recorded once Kafka took it
        given().auth().preemptive().basic("leader", "leader-pw")
                .queryParam("subject", "unit").queryParam("subjectKey", "audit-unit")
                .when().get("/api/v1/audit").then().statusCode(200)
                .body("change", contains("UPDATE")).body("after[0].unitId", equalTo("audit-unit"));
        planner().when().get("/api/v1/audit").then().statusCode(403);
    }

    private void registerUnit(final String unitId) {
        planner().contentType("application/json").body(unitJson(unitId, unitId))
                .when().put("/api/v1/units/" + unitId).then().statusCode(202);
        awaitUnit(unitId);
    }

    private static void awaitUnit(final String unitId) {
        // 503 while the stream starts, 404 until it has read the unit.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                planner().when().get("/api/v1/units/" + unitId)
                        .then().statusCode(200).body("name", equalTo("Unit " + unitId)));
    }

    private static String unitJson(final String bodyUnitId, final String name) {
        return """
                {"unitId":"%s","name":"Unit %s","providerId":"prov-api","organisationId":"org-api",\
                "organisationName":"Organisation API","ownership":"PRIVATE","regionId":"region-test"}"""
                .formatted(bodyUnitId, name);
    }

    private static String planJson(final String unitId, final String measure) {
        return """
                {"unitId":"%s","measure":"%s","planKind":"TARGET","granularity":"WEEK",""".formatted(unitId, measure);
    }

    private ConsumerRecord<String, String> last(final String topic, final String key) {
        final List<ConsumerRecord<String, String>> found = records(topic).stream()
                .filter(record -> record.key().equals(key)).toList();
        if (found.isEmpty()) {
            throw new AssertionError("no record with key " + key + " on " + topic);
        }
        return found.getLast();
    }

    private List<ConsumerRecord<String, String>> records(final String topic) {
        return TopicContents.committed(bootstrapServers, topic);
    }

    /** The unit register, plans and calendar are kept by the role planner (EndpointAccessMatrixTest: who else may). */
    private static RequestSpecification planner() {
        return given().auth().preemptive().basic("planner", "planner-pw");
    }
}
