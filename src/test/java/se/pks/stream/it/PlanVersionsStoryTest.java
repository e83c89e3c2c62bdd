package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static se.pks.stream.it.StoryFixture.count;
import static se.pks.stream.it.StoryFixture.person;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan-versions story of issue 19 on the real broker, stream and database: a unit's weekly plan of 100 first
 * visits is uploaded and adopted by the board; in June the planner revises the week of 15 June to 80; the unit does
 * 90 that week. Read against the current plan the week is +10 (the stream's own deviation), against the adopted plan
 * -10, for the unit's weekly rows, its period figures and its organisation's rollup. The versions name who changed
 * what and why, a record sent straight to pks.plans.v1 is a version too, and bad adoptions are answered with a problem
 * naming the cause and change nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class PlanVersionsStoryTest {

    private static final String UNIT = "pv-ort-mott";
    private static final String PROVIDER = "prov-pv";
    private static final String ORGANISATION = "org-pv";
    private static final String JSON = "application/json";
    private static final String WEEK = "2026-06-15";
    private static final String ONE_WEEK = "&from=" + WEEK + "&to=" + WEEK;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    void aDeviationReadsAgainstTheAdoptedPlanAfterAMidYearRevision() throws SQLException {
        final String token = IngestHttp.create(PROVIDER).token();
        person("planner").contentType(JSON).body("""
                {"unitId":"%s","name":"Ortopedmottagningen P","providerId":"%s","organisationId":"%s",\
                "organisationName":"Plana","ownership":"PUBLIC","regionId":"r-pv"}"""
                .formatted(UNIT, PROVIDER, ORGANISATION)).when().put("/api/v1/units/" + UNIT)
                .then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(dataSource,
                "SELECT count(*) FROM pks.unit WHERE unit_id = ?", UNIT) == 1);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                person("planner").when().get("/api/v1/units/" + UNIT).then().statusCode(200));

        // the budget: uploaded by the planner, and one week sent straight to the topic by the planning system
        person("planner").contentType("text/csv").body("""
                unitId,measure,planKind,granularity,periodStart,value
                %1$s,first_visits,TARGET,WEEK,2026-06-08,100
                %1$s,first_visits,TARGET,WEEK,%2$s,100
                """.formatted(UNIT, WEEK)).queryParam("reason", "budget 2026").when().post("/api/v1/plans/csv")
                .then().statusCode(200).body("accepted", equalTo(2));
        try (ProviderFeed feed = new ProviderFeed(bootstrapServers)) {
            feed.plan(UNIT, "first_visits", "TARGET", "WEEK", "2026-06-22", 100, Instant.now());
            feed.flush();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(dataSource,
                "SELECT count(*) FROM pks.plan WHERE unit_id = ?", UNIT) == 3);

        // the board adopts the year's plan in December
        final JsonPath adoption = person("leader").contentType(JSON)
                .body("{\"year\":2026,\"reason\":\"adopted by the regional board on 16 December 2025\"}")
                .when().post("/api/v1/plan-adoptions").then().statusCode(201)
                .body("adoptedBy", equalTo("person:leader")).body("supersedes", nullValue())
                .body("standing", equalTo(true)).extract().jsonPath();
        badAdoptionsChangeNothing();

        // June: the planner revises the week of 15 June, saying why; the unit does 90 first visits that week
        person("planner").contentType(JSON).body("""
                {"unitId":"%s","measure":"first_visits","planKind":"TARGET","granularity":"WEEK",\
                "periodStart":"%s","value":80}""".formatted(UNIT, WEEK))
                .queryParam("reason", "summer staffing").when().put("/api/v1/plans").then().statusCode(202);
        visits(token, 90);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> count(dataSource, """
                SELECT count(*) FROM pks.deviation WHERE unit_id = ? AND granularity = 'WEEK'
                  AND period_start = DATE '2026-06-15' AND actual = 90 AND expected = 80""", UNIT) == 1);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> count(dataSource, """
                SELECT count(*) FROM pks.measure_value WHERE unit_id = ? AND granularity = 'WEEK'
                  AND period_start = DATE '2026-06-15' AND measure = 'first_visits' AND value = 90""", UNIT) == 1);

        // the week: +10 against the current plan (90 - 80, +12.5 %), -10 against the adopted one (90 - 100, -10 %)
        final String deviations = "/api/v1/deviations?unitId=" + UNIT + "&measure=first_visits&granularity=WEEK"
                + ONE_WEEK;
        assertWeek(person("leader").when().get(deviations), 80.0, 10.0, 12.5);
        assertWeek(person("leader").when().get(deviations + "&plan=current"), 80.0, 10.0, 12.5);
        assertWeek(person("pm-sus").when().get(deviations + "&plan=adopted"), 100.0, -10.0, -10.0);
        final String periods = "/api/v1/period-deviations?unitId=" + UNIT + "&measure=first_visits&periodKind=WEEK"
                + ONE_WEEK;
        assertWeek(person("leader").when().get(periods), 80.0, 10.0, 12.5);
        assertWeek(person("leader").when().get(periods + "&plan=adopted"), 100.0, -10.0, -10.0);
        final String rollups = "/api/v1/rollups?level=ORGANISATION&groupId=" + ORGANISATION
                + "&measure=first_visits&periodKind=WEEK" + ONE_WEEK;
        assertWeek(person("leader").when().get(rollups), 80.0, 10.0, 12.5);
        assertWeek(person("leader").when().get(rollups + "&plan=adopted"), 100.0, -10.0, -10.0);
        person("leader").when().get(deviations + "&plan=budget").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("plan"));

        // the versions: who changed what, when and why, and which one the board adopted
        final List<Map<String, Object>> versions = person("pm-sus")
                .when().get("/api/v1/plan-versions?unitId=" + UNIT).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(List.of(
                        "2026-06-08 100.0 UPLOAD person:planner budget 2026 2026",
                        "2026-06-15 100.0 UPLOAD person:planner budget 2026 2026",
                        "2026-06-15 80.0 PERSON person:planner summer staffing null",
                        "2026-06-22 100.0 KAFKA null null 2026"),
                versions.stream().map(v -> v.get("periodStart") + " " + v.get("value") + " " + v.get("source") + " "
                        + v.get("author") + " " + v.get("reason") + " " + v.get("adoptedFor")).toList());
        person("planner").when().get("/api/v1/plan-versions?unitId=no-such-unit").then().statusCode(404)
                .body("detail", containsString("unknown unitId 'no-such-unit'"));
        person("planner").when().get("/api/v1/plan-versions").then().statusCode(400)
                .body("errors[0].field", equalTo("unitId"));
        // the revision is in the audit trail with its reason
        person("leader").when().get("/api/v1/audit?subject=plan&subjectKey=" + UNIT
                        + "|first_visits|TARGET|WEEK|" + WEEK).then().statusCode(200)
                .body("[0].actor", equalTo("person:planner")).body("[0].reason", equalTo("summer staffing"));

        // the board adopts the revision too: a new adoption that supersedes the first, which stays on record
        person("leader").contentType(JSON).body("{\"year\":2026,\"reason\":\"revised plan adopted in June\"}")
                .when().post("/api/v1/plan-adoptions").then().statusCode(201)
                .body("supersedes", equalTo(adoption.getInt("adoptionId")));
        assertWeek(person("leader").when().get(deviations + "&plan=adopted"), 80.0, 10.0, 12.5);
        person("planner").when().get("/api/v1/plan-adoptions?year=2026").then().statusCode(200)
                .body("size()", equalTo(2)).body("[1].adoptionId", equalTo(adoption.getInt("adoptionId")))
                .body("[1].standing", equalTo(false)).body("[0].standing", equalTo(true));
    }

    /** Each answered with a problem that names the cause; none adds an adoption. */
    private void badAdoptionsChangeNothing() throws SQLException {
        final long adoptions = count(dataSource, "SELECT count(*) FROM pks.plan_adoption WHERE year = ?", 2026);
        person("planner").contentType(JSON).body("{\"year\":2026,\"reason\":\"x\"}")
                .when().post("/api/v1/plan-adoptions").then().statusCode(403);
        person("pm-sus").contentType(JSON).body("{\"year\":2026,\"reason\":\"x\"}")
                .when().post("/api/v1/plan-adoptions").then().statusCode(403);
        person("leader").when().post("/api/v1/plan-adoptions").then().statusCode(400)
                .body("errors[0].field", equalTo("year"));
        person("leader").contentType(JSON).body("{\"year\":\"next\"}").when().post("/api/v1/plan-adoptions")
                .then().statusCode(400).body("errors[0].field", equalTo("year"));
        person("leader").contentType(JSON).body("{\"year\":1999}").when().post("/api/v1/plan-adoptions")
                .then().statusCode(400).body("errors[0].field", equalTo("year"))
                .body("errors[0].reason", containsString("from 2000 to 2100"));
        person("leader").contentType(JSON).body("{\"year\":2093}").when().post("/api/v1/plan-adoptions")
                .then().statusCode(404).body("detail", containsString("no plan rows for 2093"));
        person("leader").contentType(JSON).body("{\"year\":2026}").when().post("/api/v1/plan-adoptions")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("adopting it again needs a reason"));
        assertEquals(adoptions, count(dataSource, "SELECT count(*) FROM pks.plan_adoption WHERE year = ?", 2026));
    }

    private static void assertWeek(final io.restassured.response.Response answer, final double expected,
                                   final double deviation, final double deviationPct) {
        answer.then().statusCode(200).body("size()", equalTo(1))
                .body("[0].actual", equalTo(90.0f)).body("[0].expected", equalTo((float) expected))
                .body("[0].deviation", equalTo((float) deviation))
                .body("[0].deviationPct", equalTo((float) deviationPct));
    }

    private static void visits(final String token, final int count) {
        final StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            // Tuesday 16 June 2026, one visit a minute from 08:00
            body.append(i == 0 ? "" : ",").append("""
                    {"eventId":"pv-%d","providerId":"%s","unitId":"%s","occurredAt":"2026-06-16T%02d:%02d:00+02:00",\
                    "visitType":"FIRST"}""".formatted(i, PROVIDER, UNIT, 8 + i / 60, i % 60));
        }
        given().header("Authorization", "Bearer " + token).contentType(JSON).body(body.append("]").toString())
                .when().post("/api/v1/events/visits")
                .then().statusCode(200).body("accepted", equalTo(count));
    }

}
