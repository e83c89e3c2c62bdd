package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The action register and the subscriptions over real HTTP, with the test profile's built-in users, against the real
 * PostgreSQL (and the running stream, which the API does not need here). The units, one alert per organisation and a
 * crafted weekly series are written straight into the tables the API reads: the stream's own path from events to
 * pks.measure_value is tested elsewhere, and writing the weeks directly lets the test fix every value the effect
 * follow-up is computed from.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class ActionsAndSubscriptionsApiTest {

    private static final String SUS_UNIT = "sus-ort-mott";
    private static final String NOL_UNIT = "nol-kar-mott";
    /** A Monday: the action in the effect test is done on it, after twelve baseline weeks from 6 January 2025. */
    private static final LocalDate DONE_ON = LocalDate.of(2025, 3, 31);
    private static final LocalDate FIRST_WEEK = LocalDate.of(2025, 1, 6);

    @Inject
    DataSource dataSource;

    private long susAlert;
    private long nolAlert;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @BeforeEach
    void unitsAlertsAndWeeks() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                          region_id)
                    VALUES ('sus-ort-mott', 'Ortopedmottagningen', 'prov-sus', 'org-sus', 'Sjöstad', 'PUBLIC', 'r-t'),
                           ('sus-hud-mott', 'Hudmottagningen', 'prov-sus', 'org-sus', 'Sjöstad', 'PUBLIC', 'r-t'),
                           ('nol-kar-mott', 'Kardiologi', 'prov-nol', 'org-nol', 'Norrby', 'PUBLIC', 'r-t'),
                           ('cig-hud-mott', 'Hudmottagningen', 'prov-cig', 'org-cig', 'Citygården', 'PRIVATE', 'r-t'),
                           ('lek-ort-mott', 'Ortopedmottagningen', 'prov-lek', 'org-lek', 'Ledkirurgen', 'PRIVATE',
                            'r-t')
                    ON CONFLICT DO NOTHING""");
            // Twelve weeks alternating 32 and 30, then eight alternating 34 and 35 from the day the action is done.
            final StringBuilder weeks = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                final double value = i < 12 ? (i % 2 == 0 ? 32 : 30) : (i % 2 == 0 ? 34 : 35);
                weeks.append(i == 0 ? "" : ", ").append("('WEEK', '").append(FIRST_WEEK.plusWeeks(i))
                        .append("', 'sus-hud-mott', 'first_visits', ").append(value).append(')');
            }
            statement.executeUpdate("INSERT INTO pks.measure_value (granularity, period_start, unit_id, measure, "
                    + "value) VALUES " + weeks + " ON CONFLICT DO NOTHING");
        }
        susAlert = alert(SUS_UNIT, "org-sus");
        nolAlert = alert(NOL_UNIT, "org-nol");
    }

    @Test
    void onlySignedInPeopleWithARoleGetIn() {
        final List<String> challenges = given().when().get("/api/v1/actions")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401))
                .extract().headers().getValues("WWW-Authenticate");
        assertEquals(List.of("Bearer", "Basic realm=\"pks-stream\""), challenges);
        as("pm-sus", "wrong").when().get("/api/v1/actions")
                .then().statusCode(401).contentType("application/problem+json");
        // A provider's ingestion token is not a person's token.
        given().header("Authorization", "Bearer not-a-person-token").when().get("/api/v1/subscriptions")
                .then().statusCode(401).contentType("application/problem+json");
        as("observer").when().get("/api/v1/actions")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        as("observer").when().get("/api/v1/subscriptions").then().statusCode(403);
    }

    @Test
    void permissionsFollowTheGrantedOrganisations() {
        final long id = create("pm-sus", SUS_UNIT, "2030-06-30");

        // other organisation's manager: neither reads nor changes it, and does not see it listed
        as("pm-nol").when().get("/api/v1/actions/" + id).then().statusCode(403)
                .contentType("application/problem+json");
        as("pm-nol").contentType("application/json").header("If-Match", "\"1\"").body("{\"title\":\"mine now\"}")
                .when().patch("/api/v1/actions/" + id).then().statusCode(403);
        as("pm-nol").when().get("/api/v1/actions").then().statusCode(200).body("actionId", not(hasItem((int) id)));
        as("pm-nol").contentType("application/json").body(actionJson(SUS_UNIT, "2030-06-30"))
                .when().post("/api/v1/actions").then().statusCode(403);
        as("pm-nol").when().get("/api/v1/actions?organisationId=org-sus").then().statusCode(403);

        // leadership reads everything but changes nothing
        as("leader").when().get("/api/v1/actions/" + id).then().statusCode(200).body("organisationId",
                equalTo("org-sus"));
        as("leader").when().get("/api/v1/actions").then().statusCode(200).body("actionId", hasItem((int) id));
        as("leader").contentType("application/json").header("If-Match", "\"1\"").body("{\"title\":\"changed\"}")
                .when().patch("/api/v1/actions/" + id).then().statusCode(403);
        as("leader").contentType("application/json").body(actionJson(SUS_UNIT, "2030-06-30"))
                .when().post("/api/v1/actions").then().statusCode(403);

        // the organisation's own manager reads and changes it; the manager of two organisations sees neither
        as("pm-sus").when().get("/api/v1/actions?organisationId=org-sus").then().statusCode(200)
                .body("actionId", hasItem((int) id));
        as("pm-sus").contentType("application/json").header("If-Match", "\"1\"").body("{\"title\":\"Extra clinic\"}")
                .when().patch("/api/v1/actions/" + id).then().statusCode(200).body("title", equalTo("Extra clinic"))
                .header("ETag", "\"2\"");
        as("pm-private").when().get("/api/v1/actions/" + id).then().statusCode(403);
    }

    @Test
    void anActionIsLinkedUpdatedAndClosed() {
        final long id = create("pm-sus", SUS_UNIT, "2030-06-30");
        final String action = "/api/v1/actions/" + id;

        as("pm-sus").contentType("application/json").body("{\"alertId\":" + susAlert + "}")
                .when().post(action + "/links").then().statusCode(201).body("alertId", equalTo((int) susAlert));
        as("pm-sus").contentType("application/json").body("""
                {"unitId":"sus-ort-mott","measure":"first_visits","granularity":"WEEK","periodStart":"2025-03-03"}""")
                .when().post(action + "/links").then().statusCode(201).body("periodStart", equalTo("2025-03-03"));
        // another organisation's alert, a Tuesday for a week and another organisation's unit are refused by field
        as("pm-sus").contentType("application/json").body("{\"alertId\":" + nolAlert + "}")
                .when().post(action + "/links").then().statusCode(400).body("errors.field", contains("alertId"));
        as("pm-sus").contentType("application/json").body("""
                {"unitId":"nol-kar-mott","measure":"first_visits","granularity":"WEEK","periodStart":"2025-03-04"}""")
                .when().post(action + "/links").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("unitId", "periodStart"));

        // a change must say which version it is based on, and is refused once that version is gone
        as("pm-sus").contentType("application/json").body("{\"status\":\"IN_PROGRESS\"}")
                .when().patch(action).then().statusCode(428).contentType("application/problem+json");
        as("pm-sus").contentType("application/json").header("If-Match", "\"1\"").body("{\"status\":\"IN_PROGRESS\"}")
                .when().patch(action).then().statusCode(200).header("ETag", "\"2\"")
                .body("status", equalTo("IN_PROGRESS")).body("version", equalTo(2));
        as("pm-sus").contentType("application/json").header("If-Match", "\"1\"").body("{\"deadline\":\"2030-07-31\"}")
                .when().patch(action).then().statusCode(412);
        as("pm-sus").contentType("application/json").body(actionJson(SUS_UNIT, "2030-07-31")
                        .replace("}", ",\"status\":\"IN_PROGRESS\",\"version\":1}"))
                .when().put(action).then().statusCode(409);
        as("pm-sus").contentType("application/json").body(actionJson(SUS_UNIT, "2030-07-31")
                        .replace("}", ",\"status\":\"IN_PROGRESS\",\"version\":2}"))
                .when().put(action).then().statusCode(200).body("deadline", equalTo("2030-07-31"))
                .body("version", equalTo(3)).body("unitId", equalTo(SUS_UNIT));

        as("pm-sus").contentType("application/json").header("If-Match", "\"3\"")
                .body("{\"status\":\"DONE\",\"doneOn\":\"2025-03-31\"}")
                .when().post(action + "/close").then().statusCode(200).body("status", equalTo("DONE"))
                .body("doneOn", equalTo("2025-03-31")).body("version", equalTo(4));
        as("leader").when().get(action).then().statusCode(200)
                .body("history.status", contains("PLANNED", "IN_PROGRESS", "DONE"))
                .body("history.changedBy", contains("pm-sus", "pm-sus", "pm-sus"))
                .body("links.size()", equalTo(2))
                .body("links.alertId", hasItems((int) susAlert, null));
        // closed is final
        as("pm-sus").contentType("application/json").header("If-Match", "\"4\"").body("{\"status\":\"PLANNED\"}")
                .when().patch(action).then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void theEffectOfADoneActionShowsTheShiftOnTheCraftedSeries() throws SQLException {
        final long id = create("pm-sus", "sus-hud-mott", "2025-06-30");
        as("pm-sus").contentType("application/json").header("If-Match", "\"1\"")
                .body("{\"status\":\"DONE\",\"doneOn\":\"" + DONE_ON + "\"}")
                .when().post("/api/v1/actions/" + id + "/close").then().statusCode(200);
        // before: (6 * 32 + 6 * 30) / 12 = 31, eleven ranges of 2, limits 31 -/+ 2.66 * 2 = 25.68 and 36.32;
        // after: (4 * 34 + 4 * 35) / 8 = 34.5, seven ranges of 1, limits 34.5 -/+ 2.66; all eight above 31
        as("pm-sus").when().get("/api/v1/actions/" + id).then().statusCode(200)
                .body("effect.verdict", equalTo("EFFECT_SHOWN"))
                .body("effect.baselineCentre", equalTo(31.0f))
                .body("effect.baselineLowerLimit", equalTo(25.68f))
                .body("effect.baselineUpperLimit", equalTo(36.32f))
                .body("effect.baselineWeeks", equalTo(12))
                .body("effect.afterCentre", equalTo(34.5f))
                .body("effect.afterUpperLimit", equalTo(37.16f))
                .body("effect.weeksAfter", equalTo(8))
                .body("effect.longestRunIntended", equalTo(8))
                .body("effect.runLength", equalTo(7));

        // The same weeks judged for an action that was meant to lower first visits: they moved the wrong way.
        final long lower = create("pm-sus", "sus-hud-mott", "2025-06-30",
                actionJson("sus-hud-mott", "2025-06-30").replace("INCREASE", "DECREASE"));
        as("pm-sus").contentType("application/json")
                .body("{\"status\":\"DONE\",\"doneOn\":\"" + DONE_ON + "\",\"version\":1}")
                .when().post("/api/v1/actions/" + lower + "/close").then().statusCode(200)
                .body("effect.verdict", equalTo("OPPOSITE_SHIFT"));
        // The view for dashboards reaches the same verdicts from the same weeks.
        assertEquals(List.of(id + " EFFECT_SHOWN 31 34.5 8", lower + " OPPOSITE_SHIFT 31 34.5 8"),
                strings("SELECT action_id || ' ' || verdict || ' ' || baseline_centre || ' ' || after_centre || ' ' "
                        + "|| weeks_after FROM pks.action_effect WHERE action_id IN (" + id + ", " + lower + ") "
                        + "ORDER BY action_id"));
        // An action not done has no effect block.
        final long open = create("pm-sus", "sus-hud-mott", "2030-06-30");
        as("pm-sus").when().get("/api/v1/actions/" + open).then().statusCode(200).body("effect", nullValue());
    }

    @Test
    void overdueActionsAreFoundByTheFilterAndTheView() throws SQLException {
        final long late = create("pm-nol", NOL_UNIT, "2025-01-15");
        final long onTime = create("pm-nol", NOL_UNIT, "2099-01-15");
        as("pm-nol").when().get("/api/v1/actions?overdue=true&organisationId=org-nol").then().statusCode(200)
                .body("actionId", hasItem((int) late)).body("actionId", not(hasItem((int) onTime)))
                .body("overdue", not(hasItem(false)));
        as("pm-nol").when().get("/api/v1/actions?overdue=false&unitId=" + NOL_UNIT).then().statusCode(200)
                .body("actionId", hasItem((int) onTime)).body("actionId", not(hasItem((int) late)));
        as("pm-nol").when().get("/api/v1/actions?overdue=maybe").then().statusCode(400)
                .body("errors.field", contains("overdue"));
        final List<String> overdue = strings("SELECT action_id FROM pks.overdue_action");
        assertTrue(overdue.contains(Long.toString(late)), "overdue view " + overdue);
        assertFalse(overdue.contains(Long.toString(onTime)), "overdue view " + overdue);
    }

    @Test
    void aWrongActionIsAnswered400NamingEveryField() {
        as("pm-sus").contentType("application/json").body("""
                {"title":"","unitId":"sus-ort-mott","measure":"first_visit","expectedDirection":"UP",\
                "responsible":"klinikchef","deadline":"31/12/2030"}""")
                .when().post("/api/v1/actions").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("title", "measure", "expectedDirection", "deadline"));
        as("pm-sus").contentType("application/json").body(actionJson("nowhere", "2030-01-01"))
                .when().post("/api/v1/actions").then().statusCode(400).body("errors.field", contains("unitId"));
        as("pm-sus").contentType("application/json").body(actionJson(SUS_UNIT, "2030-01-01")
                        .replace("klinikchef ortopedi", "811218-9876"))
                .when().post("/api/v1/actions").then().statusCode(400).body("errors.field", contains("responsible"));
        as("pm-sus").when().get("/api/v1/actions/999999").then().statusCode(404);
    }

    @Test
    void subscriptionsAreOwnAndLimitedToWhatThePersonMayRead() {
        final String webhook = """
                {"scope":"UNIT","scopeId":"sus-ort-mott","channel":"WEBHOOK","target":"https://hooks.example/pks"}""";
        final int id = as("pm-sus").contentType("application/json").body(webhook)
                .when().post("/api/v1/subscriptions").then().statusCode(201)
                .body("username", equalTo("pm-sus")).body("minSeverity", equalTo("WARNING"))
                .extract().path("subscriptionId");
        // asked again: the same subscription, not a second one
        as("pm-sus").contentType("application/json").body(webhook)
                .when().post("/api/v1/subscriptions").then().statusCode(200).body("subscriptionId", equalTo(id));

        as("pm-sus").contentType("application/json").body("""
                {"scope":"UNIT","scopeId":"nowhere","channel":"EMAIL","target":"not an address",\
                "minSeverity":"LOUD"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("scopeId", "target", "minSeverity"));
        as("pm-sus").contentType("application/json").body("""
                {"scope":"ORGANISATION","scopeId":"org-sus","channel":"TEAMS","target":"ftp://teams.example/x"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(400).body("errors.field", contains("target"));
        as("pm-sus").contentType("application/json").body("""
                {"scope":"ORGANISATION","scopeId":"org-nol","channel":"EMAIL","target":"ops@nol.example"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(403).contentType("application/problem+json");
        as("pm-sus").contentType("application/json").body("""
                {"scope":"UNIT","scopeId":"nol-kar-mott","channel":"EMAIL","target":"ops@nol.example"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(403);
        as("leader").contentType("application/json").body("""
                {"scope":"ORGANISATION","scopeId":"org-nol","channel":"EMAIL","target":"ledning@region.example",\
                "minSeverity":"CRITICAL"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(201).body("minSeverity", equalTo("CRITICAL"));

        // the manager of two organisations may subscribe to both, and to nothing else
        for (final String organisation : List.of("org-cig", "org-lek")) {
            as("pm-private").contentType("application/json").body("""
                    {"scope":"ORGANISATION","scopeId":"%s","channel":"EMAIL","target":"drift@privat.example"}"""
                    .formatted(organisation)).when().post("/api/v1/subscriptions").then().statusCode(201);
        }
        as("pm-private").contentType("application/json").body("""
                {"scope":"UNIT","scopeId":"sus-ort-mott","channel":"EMAIL","target":"drift@privat.example"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(403);

        as("pm-sus").when().get("/api/v1/subscriptions").then().statusCode(200)
                .body("subscriptionId", contains(id)).body("username", contains("pm-sus"));
        as("leader").when().get("/api/v1/subscriptions").then().statusCode(200)
                .body("subscriptionId", not(hasItem(id)));
        as("pm-nol").when().delete("/api/v1/subscriptions/" + id).then().statusCode(404);
        as("pm-sus").when().delete("/api/v1/subscriptions/" + id).then().statusCode(204);
        as("pm-sus").when().get("/api/v1/subscriptions").then().statusCode(200).body("size()", equalTo(0));
        given().when().delete("/api/v1/subscriptions/" + id).then().statusCode(401);
    }

    private List<String> strings(final String sql) throws SQLException {
        final List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static RequestSpecification as(final String user) {
        return as(user, user + "-pw");
    }

    private static RequestSpecification as(final String user, final String password) {
        return given().auth().preemptive().basic(user, password);
    }

    private static String actionJson(final String unitId, final String deadline) {
        return """
                {"title":"Extra evening clinic","description":"Behind plan since week 10","unitId":"%s",\
                "measure":"first_visits","expectedDirection":"INCREASE","expectedEffect":"+4 first visits a week",\
                "responsible":"klinikchef ortopedi","deadline":"%s"}""".formatted(unitId, deadline);
    }

    private static long create(final String user, final String unitId, final String deadline) {
        return create(user, unitId, deadline, actionJson(unitId, deadline));
    }

    private static long create(final String user, final String unitId, final String deadline, final String json) {
        final Number id = as(user).contentType("application/json").body(json)
                .when().post("/api/v1/actions").then().statusCode(201)
                .header("ETag", "\"1\"").body("status", equalTo("PLANNED")).body("unitId", equalTo(unitId))
                .body("deadline", equalTo(deadline)).body("createdBy", equalTo(user))
                .body("history.status", contains("PLANNED"))
                .extract().path("actionId");
        return id.longValue();
    }

    private long alert(final String unitId, final String organisationId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO pks.alert (alert_key, condition, unit_id, organisation_id, subject, severity, state,
                                            first_period, last_active_period, last_period, summary)
                     VALUES (?, 'STATUS', ?, ?, 'first_visits', 'WARNING', 'RESOLVED', DATE '2025-03-03',
                             DATE '2025-03-03', DATE '2025-03-03', 'first visits behind plan')
                     RETURNING alert_id""")) {
            insert.setString(1, "STATUS|" + unitId + "|first_visits");
            insert.setString(2, unitId);
            insert.setString(3, organisationId);
            try (ResultSet key = insert.executeQuery()) {
                key.next();
                return key.getLong(1);
            }
        }
    }
}
