package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static se.pks.stream.it.StoryFixture.awaitFirstVisitsOfMonth;
import static se.pks.stream.it.StoryFixture.count;
import static se.pks.stream.it.StoryFixture.firstVisits;
import static se.pks.stream.it.StoryFixture.person;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.pks.stream.topics.JsonSerde;

/**
 * The approval story of issue 19 on the real broker, stream and database, as in a fresh clone: last month a unit of
 * org-sus did 3 first visits against a monthly target of 4. Its production manager approves the month, the
 * organisation's approver the organisation's; a late visit for that month moves the live figure to 4 while the public
 * API keeps the approved 3 with the flag "changed after approval: live 4, approved 3"; re-opened with a reason and
 * approved again, the public API shows 4. Bad requests on the way are answered with a problem naming the cause and
 * change nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class ApprovalStoryTest {

    private static final String UNIT = "appr-ort-mott";
    private static final String PROVIDER = "prov-appr";
    private static final String ORGANISATION = "org-sus";
    /** A region of this story's own, whose approver is approver-region in the test profile. */
    private static final String REGION = "r-appr";
    private static final String JSON = "application/json";

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    void approveLastMonthThenALateEventIsFlaggedAndReApprovalPublishesIt() throws SQLException {
        final LocalDate today = LocalDate.now(ZoneId.of("Europe/Stockholm"));
        final LocalDate lastMonth = today.minusMonths(1).withDayOfMonth(1);
        final String month = "/MONTH/" + lastMonth;
        final String token = IngestHttp.create(PROVIDER).token();
        person("planner").contentType(JSON).body("""
                {"unitId":"%s","name":"Ortopedmottagningen B","providerId":"%s","organisationId":"%s",\
                "organisationName":"Sjöstad","ownership":"PUBLIC","regionId":"%s"}"""
                .formatted(UNIT, PROVIDER, ORGANISATION, REGION)).when().put("/api/v1/units/" + UNIT)
                .then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(dataSource,
                "SELECT count(*) FROM pks.unit WHERE unit_id = ?", UNIT) == 1);
        // The plan is validated against the stream's own unit register, which answers 503 while Kafka Streams starts
        // or rebalances and 404 until it has read the unit: wait until the API knows the unit, as a client would.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                person("planner").when().get("/api/v1/units/" + UNIT).then().statusCode(200));
        person("planner").contentType(JSON).body("""
                {"unitId":"%s","measure":"first_visits","planKind":"TARGET","granularity":"MONTH",\
                "periodStart":"%s","value":4}""".formatted(UNIT, lastMonth)).when().put("/api/v1/plans")
                .then().statusCode(202);
        // the approver follows the organisation's alerts by e-mail
        person("approver-sus").contentType(JSON).body("""
                {"scope":"ORGANISATION","scopeId":"%s","channel":"EMAIL","target":"godkannare@sus.example"}"""
                .formatted(ORGANISATION)).when().post("/api/v1/subscriptions").then().statusCode(201);
        firstVisits(token, PROVIDER, UNIT, lastMonth, "appr-1", "appr-2", "appr-3");
        awaitFirstVisitsOfMonth(dataSource, UNIT, lastMonth, 3);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(dataSource,
                "SELECT count(*) FROM pks.plan WHERE unit_id = ?", UNIT) == 1);

        // the production manager approves the unit's month: every value the stream keeps for its visits (first,
        // return and emergency visits) and the first visits' deviation from the target
        person("pm-sus").contentType(JSON).body("{\"comment\":\"checked with the clinic\"}")
                .when().post("/api/v1/approvals/units/" + UNIT + month)
                .then().statusCode(201).body("state", equalTo("APPROVED")).body("version", equalTo(1))
                .body("approvedBy", equalTo("person:pm-sus"))
                .body("publishedFigures", equalTo((int) count(dataSource, """
                        SELECT count(*) + 1 FROM pks.measure_value
                        WHERE granularity = 'MONTH' AND unit_id = ?""", UNIT)));
        // then the organisation's approver the organisation's month (org-sus has no other unit with figures then)
        person("approver-sus").contentType(JSON).body("{}")
                .when().post("/api/v1/approvals/organisations/" + ORGANISATION + month)
                .then().statusCode(201).body("level", equalTo("ORGANISATION"));

        badRequestsChangeNothing(month, today);

        JsonPath unit = publicUnit(lastMonth);
        assertEquals(3.0, target(unit).getDouble("actual"));
        assertEquals(4.0, target(unit).getDouble("expected"));
        assertEquals(-25.0, target(unit).getDouble("deviationPct"));
        assertFalse(target(unit).getBoolean("changedAfterApproval"));
        // the public results (the page's year to date and weekly charts) read the same approval
        assertPublicResults(lastMonth, today, 3, 1);

        // a late visit for last month: the live figure moves, the published one stays, flagged
        firstVisits(token, PROVIDER, UNIT, lastMonth, "appr-4");
        awaitFirstVisitsOfMonth(dataSource, UNIT, lastMonth, 4);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(target(publicUnit(lastMonth)).getBoolean("changedAfterApproval")));
        unit = publicUnit(lastMonth);
        assertEquals(3.0, target(unit).getDouble("actual"));
        assertEquals(4.0, target(unit).getDouble("liveActual"));
        assertEquals("changed after approval: live 4, approved 3", target(unit).getString("note"));
        assertEquals(2, unit.getInt("period.changedFigures"), "the value and its deviation");
        assertPublicResults(lastMonth, today, 3, 1);
        given().when().get("/api/v1/public/approved/organisations/" + ORGANISATION + "?periodKind=MONTH&periodStart="
                        + lastMonth).then().statusCode(200)
                .body("figures.find { it.measure == 'first_visits' && it.planKind == 'TARGET' }.actual",
                        equalTo(3.0f))
                .body("figures.find { it.measure == 'first_visits' && it.planKind == 'TARGET' }.note",
                        equalTo("changed after approval: live 4, approved 3"));
        // the approver is told, through an alert of the unit and one of the organisation and their subscription
        final String subject = "MONTH " + lastMonth;
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> count(dataSource, """
                SELECT count(*) FROM pks.notification n
                JOIN pks.subscription s ON s.subscription_id = n.subscription_id
                JOIN pks.alert a ON a.alert_id = n.alert_id
                WHERE s.username = 'approver-sus' AND a.condition = 'CHANGED_AFTER_APPROVAL' AND a.state = 'OPEN'
                  AND a.subject = ?""", subject) == 2);
        assertEquals(List.of(UNIT + " WARNING", "null WARNING"), alerts(subject, "OPEN"));
        // the approver sees which periods moved
        person("approver-sus").when().get("/api/v1/approvals?changedOnly=true&periodStart=" + lastMonth)
                .then().statusCode(200).body("subjectId", equalTo(List.of(ORGANISATION, UNIT)));

        // re-open with a reason, top down, and approve again: the new figure is published as version 2
        person("approver-sus").contentType(JSON).body("{\"reason\":\"late registration for the unit\"}")
                .when().post("/api/v1/approvals/organisations/" + ORGANISATION + month + "/reopen")
                .then().statusCode(200).body("state", equalTo("REOPENED"));
        person("pm-sus").contentType(JSON).body("{\"reason\":\"one first visit registered late\"}")
                .when().post("/api/v1/approvals/units/" + UNIT + month + "/reopen")
                .then().statusCode(200).body("reopenReason", equalTo("one first visit registered late"));
        assertEquals("REOPENED", publicUnit(lastMonth).getString("period.state"));
        assertPublicResults(lastMonth, today, 3, 1);
        assertEquals(3.0, target(publicUnit(lastMonth)).getDouble("actual"), "still the last published version");
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + month)
                .then().statusCode(200).body("version", equalTo(2));
        person("approver-sus").when().post("/api/v1/approvals/organisations/" + ORGANISATION + month)
                .then().statusCode(200).body("version", equalTo(2));
        unit = publicUnit(lastMonth);
        assertEquals("APPROVED", unit.getString("period.state"));
        assertEquals(2, unit.getInt("period.version"));
        assertEquals(4.0, target(unit).getDouble("actual"));
        assertEquals(0.0, target(unit).getDouble("deviationPct"));
        assertFalse(target(unit).getBoolean("changedAfterApproval"));
        assertNull(target(unit).getString("note"));
        assertPublicResults(lastMonth, today, 4, 2);

        // the notices settle once the new figures are published
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> alerts(subject, "RESOLVED").size() == 2);

        // every step is in the audit trail, with who and why
        final List<Map<String, Object>> trail = person("leader")
                .when().get("/api/v1/audit?subject=approval&subjectKey=UNIT|" + UNIT + "|MONTH|" + lastMonth)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(List.of("person:pm-sus UPDATE null", "person:pm-sus UPDATE one first visit registered late",
                        "person:pm-sus CREATE checked with the clinic"),
                trail.stream()
                        .map(entry -> entry.get("actor") + " " + entry.get("change") + " " + entry.get("reason"))
                        .toList());

        theRegionIsApprovedAboveItsOrganisation(month, lastMonth);
    }

    /**
     * The third level: the region's approver approves the region's month once its one organisation has, which
     * publishes the region's figures (4 first visits against 4); the organisation then stays approved until the
     * region is re-opened.
     */
    private void theRegionIsApprovedAboveItsOrganisation(final String month, final LocalDate lastMonth) {
        person("pm-sus").when().post("/api/v1/approvals/regions/" + REGION + month).then().statusCode(403);
        person("approver-sus").when().post("/api/v1/approvals/regions/" + REGION + month)
                .then().statusCode(403).body("detail", containsString("you are approver of no region"));
        person("approver-region").contentType(JSON).body("{\"comment\":\"for the board\"}")
                .when().post("/api/v1/approvals/regions/" + REGION + month)
                .then().statusCode(201).body("level", equalTo("REGION")).body("organisationId", nullValue())
                .body("publishedFigures", equalTo(1));
        given().when().get("/api/v1/public/approved/regions/" + REGION + "?periodKind=MONTH&periodStart=" + lastMonth)
                .then().statusCode(200)
                .body("figures.find { it.measure == 'first_visits' && it.planKind == 'TARGET' }.actual",
                        equalTo(4.0f))
                .body("figures.find { it.measure == 'first_visits' && it.planKind == 'TARGET' }.expected",
                        equalTo(4.0f));
        person("approver-sus").contentType(JSON).body("{\"reason\":\"another late visit\"}")
                .when().post("/api/v1/approvals/organisations/" + ORGANISATION + month + "/reopen")
                .then().statusCode(409).body("detail", containsString("region " + REGION + " has approved"));
    }

    /** Each answered with a problem that names the cause; none changes the approval, the trail or the published. */
    private void badRequestsChangeNothing(final String month, final LocalDate today) throws SQLException {
        final long trail = count(dataSource, "SELECT count(*) FROM pks.audit_entry WHERE subject = ?", "approval");
        final long published = count(dataSource, "SELECT count(*) FROM pks.published_figure WHERE subject_id = ?", UNIT);

        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + month)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("is approved already (version 1 by person:pm-sus"));
        person("pm-sus").contentType(JSON).body("{}").when().post("/api/v1/approvals/units/" + UNIT + month
                        + "/reopen")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + month + "/reopen")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
        person("pm-nol").when().post("/api/v1/approvals/units/" + UNIT + month)
                .then().statusCode(403).body("detail", containsString("belongs to organisation org-sus"));
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + "/MONTH/" + today.withDayOfMonth(1))
                .then().statusCode(400).body("errors[0].field", equalTo("periodStart"))
                .body("errors[0].reason", containsString("has not ended"));
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + "/MONTH/" + today.plusYears(1)
                        .withDayOfMonth(1))
                .then().statusCode(400).body("errors[0].field", equalTo("periodStart"));
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + "/MONTH/2025-03-15")
                .then().statusCode(400).body("errors[0].field", equalTo("periodStart"));
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + "/QUARTER/2025-01-01")
                .then().statusCode(400).body("errors[0].field", equalTo("periodKind"));
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + "/MONTH/2021-01-01")
                .then().statusCode(404).body("detail", containsString("has no figures"));
        person("pm-sus").when().post("/api/v1/approvals/units/no-such-unit" + month)
                .then().statusCode(404).body("detail", containsString("unknown unitId 'no-such-unit'"));
        person("pm-sus").when().post("/api/v1/approvals/organisations/" + ORGANISATION + month)
                .then().statusCode(403);

        assertEquals(trail, count(dataSource, "SELECT count(*) FROM pks.audit_entry WHERE subject = ?", "approval"));
        assertEquals(published, count(dataSource, "SELECT count(*) FROM pks.published_figure WHERE subject_id = ?", UNIT));
        assertEquals(2, count(dataSource, "SELECT count(*) FROM pks.approval WHERE organisation_id = ?", ORGANISATION));
    }

    /**
     * The public results of the unit and its organisation, which read published figures only: the year to date
     * through last month as approved (the month's target of 4 is the year's only plan, so the year's plan so far is
     * 4 and its outcome last month's first visits), and the first visits of the weeks that end in last month (the
     * visits are on its 10th to 13th day, so their weeks end in it), whatever the live figures say meanwhile. In
     * January last month is in last year, and this year has nothing approved: empty tables and a sentence saying so.
     */
    private static void assertPublicResults(final LocalDate lastMonth, final LocalDate today, final double visits,
                                            final int version) {
        final JsonPath unit = given().when().get("/api/v1/public/units/" + UNIT).then().statusCode(200).extract()
                .jsonPath();
        final JsonPath organisation = given().when().get("/api/v1/public/organisations/" + ORGANISATION).then()
                .statusCode(200).extract().jsonPath();
        if (lastMonth.getYear() == today.getYear()) {
            final String lastDay = lastMonth.plusMonths(1).minusDays(1).toString();
            assertEquals(lastDay, unit.getString("approvedThrough"));
            assertEquals(version, unit.getInt("approval.version"));
            assertEquals(List.of("first_visits TARGET " + visits + " 4.0"), unit.getList("yearToDate").stream()
                    .map(row -> (Map<?, ?>) row).filter(row -> "first_visits".equals(row.get("measure")))
                    .map(row -> row.get("measure") + " " + row.get("planKind") + " "
                            + ((Number) row.get("actual")).doubleValue() + " "
                            + ((Number) row.get("expected")).doubleValue()).toList());
            assertEquals(lastDay, organisation.getString("approvedThrough"));
            assertEquals(visits, organisation.getDouble(
                    "yearToDate.find { it.measure == 'first_visits' && it.planKind == 'TARGET' }.actual"), 1e-9);
        } else {
            assertNull(unit.getString("approvedThrough"));
            assertEquals(List.of(), unit.getList("yearToDate"));
            assertTrue(unit.getString("note").startsWith("No month of " + today.getYear() + " has been approved"));
        }
        assertTrue(unit.getList("measures.measure").contains("first_visits"));
        final int isoYear = lastMonth.plusDays(9).get(IsoFields.WEEK_BASED_YEAR);
        final List<Float> weekly = given().when().get("/api/v1/public/units/" + UNIT
                + "/figures?measure=first_visits&year=" + isoYear).then().statusCode(200).extract().jsonPath()
                .getList("weeks.actual", Float.class);
        assertEquals(visits, weekly.stream().mapToDouble(Float::doubleValue).sum(), 1e-9,
                "the published weeks of last month: " + weekly);
    }

    private static JsonPath publicUnit(final LocalDate month) {
        return given().when().get("/api/v1/public/approved/units/" + UNIT + "?periodKind=MONTH&periodStart=" + month)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath target(final JsonPath answer) {
        final List<Map<String, Object>> figures = answer.getList("figures");
        final Map<String, Object> target = figures.stream()
                .filter(figure -> "first_visits".equals(figure.get("measure"))
                                  && "TARGET".equals(figure.get("planKind")))
                .findFirst().orElseThrow(() -> new AssertionError("no first-visit target figure in " + figures));
        return JsonPath.from(toJson(target));
    }

    private static String toJson(final Map<String, Object> figure) {
        try {
            return JsonSerde.MAPPER.writeValueAsString(figure);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The approval alerts of the period in the state: unit (null for the organisation's) and severity. */
    private List<String> alerts(final String subject, final String state) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT unit_id || '', severity FROM pks.alert
                     WHERE condition = 'CHANGED_AFTER_APPROVAL' AND organisation_id = ? AND subject = ? AND state = ?
                     ORDER BY unit_id NULLS LAST""")) {
            select.setString(1, ORGANISATION);
            select.setString(2, subject);
            select.setString(3, state);
            final List<String> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + " " + row.getString(2));
                }
            }
            return rows;
        }
    }

}
