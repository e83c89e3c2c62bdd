package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static se.pks.stream.it.StoryFixture.count;
import static se.pks.stream.it.StoryFixture.person;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-figure benchmarking round of issue 20 (docs/benchmarking-round.md) on the real broker, stream and database,
 * for a small region worked by hand. Region r-bm has three clinics; last tertial they reported first and return
 * visits, so each has one key figure, the first-visit share (first / (first + return) visits):
 * <pre>
 *   bm-a  Mottagning A  org-sus  3 first, 1 return   0.75
 *   bm-b  Mottagning B  org-nol  1 first, 3 return   0.25  (one return visit was a first visit: corrected to 0.50)
 *   bm-c  Mottagning C  org-sus  2 first, 2 return   0.50
 * </pre>
 * Preliminary, the region's group has the median 0.50 and quartiles 0.375 and 0.625 (percentile_cont over 0.25,
 * 0.50, 0.75); the share has no better direction, so the highest ranks first: A 1, C 2, B 3. After the correction:
 * values 0.50, 0.50, 0.75: median 0.50, quartiles 0.50 and 0.625, ranks A 1, B 2, C 2.
 *
 * <p>Leadership opens a round for last tertial; the units' subscribers are reminded once; A's production manager
 * confirms, B's flags with a comment; a corrected visit for B moves its live figure and the round shows the change;
 * leadership closes the round (C never answered) and downloads the report, whose PDF text carries the numbers the
 * API gives, as does the organisation's tertial follow-up report. Refused requests change nothing; the report's web
 * page passes the public page's accessibility check.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchmarkingRoundStoryTest {

    private static final String REGION = "r-bm";
    private static final String PROVIDER = "prov-bm";
    private static final String ROUNDS = "/api/v1/benchmarking-rounds";
    private static final String JSON = "application/json";
    private static final String PDF = "application/pdf";
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Stockholm"));
    /** Last tertial: the one before the tertial today lies in. */
    private static final LocalDate TERTIAL = TODAY.withMonth(1 + 4 * ((TODAY.getMonthValue() - 1) / 4))
            .withDayOfMonth(1).minusMonths(4);
    private static final String PERIOD = TERTIAL.getYear() + "-T" + (1 + (TERTIAL.getMonthValue() - 1) / 4);
    private static final String SHARE = "first_visit_share";

    private static boolean arranged;
    private static String token;
    private static long round;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    @Order(1)
    void aRoundFromOpeningToItsReport(@TempDir final Path pages) throws Exception {
        arrange();
        // the production manager of org-sus follows the organisation by e-mail
        person("pm-sus").contentType(JSON).body("""
                {"scope":"ORGANISATION","scopeId":"org-sus","channel":"EMAIL","target":"pc@sus.example"}""")
                .when().post("/api/v1/subscriptions").then().statusCode(201);

        // leadership opens the round: without a period, for last tertial; every key figure of the catalogue; the
        // deadline in two days
        final JsonPath opened = person("leader").contentType(JSON).body("""
                {"regionId":"%s","deadline":"%s","comment":"tertial review"}"""
                .formatted(REGION, TODAY.plusDays(2))).when().post(ROUNDS)
                .then().statusCode(201).body("state", equalTo("OPEN")).body("units", equalTo(3))
                .body("period", equalTo(PERIOD)).body("periodKind", equalTo("TERTIAL"))
                .body("periodStart", equalTo(TERTIAL.toString())).body("keyFigures.size()", equalTo(7))
                .extract().jsonPath();
        round = opened.getLong("roundId");

        // the preliminary figures, frozen: what the key-figure view gave at opening
        final JsonPath unitB = person("pm-nol").when().get(ROUNDS + "/" + round + "/units/bm-b")
                .then().statusCode(200).extract().jsonPath();
        final Map<String, Object> preliminaryB = regionRow(unitB, "PRELIMINARY");
        assertEquals(0.25, number(preliminaryB.get("value")));
        assertEquals(0.5, number(preliminaryB.get("median")));
        assertEquals(0.375, number(preliminaryB.get("q1")));
        assertEquals(0.625, number(preliminaryB.get("q3")));
        assertEquals(3, preliminaryB.get("rank"));

        // the reminder: one alert per unit and round, to the organisation's subscriber once, not at every round
        final String subject = "round " + round;
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                reminders(subject, "bm-c") == 1);
        Thread.sleep(12_000);   // two more evaluation rounds (every 5 s in the tests)
        assertEquals(1, reminders(subject, "bm-c"), "reminded once per round and unit");
        assertEquals(1, count(dataSource, "SELECT count(*) FROM pks.alert WHERE condition = 'ROUND_ANSWER_DUE' AND unit_id = ?"
                + " AND subject = '" + subject + "'", "bm-c"));

        // A's production manager confirms; answering again replaces the answer (200), and both are audited
        person("pm-sus").contentType(JSON).body("{\"answer\":\"CONFIRMED\"}")
                .when().post(ROUNDS + "/" + round + "/answers/bm-a").then().statusCode(201)
                .body("answer", equalTo("CONFIRMED")).body("answeredBy", equalTo("person:pm-sus"));
        person("pm-sus").contentType(JSON).body("{\"answer\":\"CONFIRMED\",\"comment\":\"checked with the clinic\"}")
                .when().post(ROUNDS + "/" + round + "/answers/bm-a").then().statusCode(200)
                .body("comment", equalTo("checked with the clinic"));
        // B's flags the first-visit share with what is wrong
        person("pm-nol").contentType(JSON).body("""
                {"answer":"FLAGGED","keyFigures":["first_visit_share"],\
                "comment":"a first visit was registered as a return visit"}""")
                .when().post(ROUNDS + "/" + round + "/answers/bm-b").then().statusCode(201)
                .body("keyFigures", equalTo(List.of(SHARE)));
        // A's reminder settles once it has answered
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> count(dataSource,
                "SELECT count(*) FROM pks.alert WHERE condition = 'ROUND_ANSWER_DUE' AND unit_id = ? AND state = "
                + "'RESOLVED'", "bm-a") == 1);

        // the correction, through the normal event path: the same event id with the right visit type
        visits("bm-b", List.of("bm-b-2"), "FIRST");
        awaitLiveShare("bm-b", 0.5);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                person("leader").when().get(ROUNDS + "/" + round).then().statusCode(200)
                        .body("round.changedFigures", equalTo(1))
                        .body("changes.find { it.unitId == 'bm-b' }.preliminary", equalTo(0.25f))
                        .body("changes.find { it.unitId == 'bm-b' }.current", equalTo(0.5f))
                        .body("changes.find { it.unitId == 'bm-b' }.currentSource", equalTo("LIVE"))
                        .body("changes.find { it.unitId == 'bm-b' }.changed", equalTo(true))
                        .body("changes.find { it.unitId == 'bm-c' }.changed", equalTo(false)));
        // a production manager sees the units of their organisations only
        person("pm-nol").when().get(ROUNDS + "/" + round).then().statusCode(200)
                .body("units.unitId", equalTo(List.of("bm-b"))).body("answers.unitId", equalTo(List.of("bm-b")));

        // an open round is not published: its figures are still under review
        given().when().get("/api/v1/public/benchmarking-rounds/" + round + "/report?format=html").then()
                .statusCode(404).body("errors[0].field", equalTo("roundId"));
        given().when().get("/api/v1/public/benchmarking-rounds?regionId=" + REGION).then().statusCode(200)
                .body("size()", equalTo(0));

        // leadership closes: the final figures are frozen, C's missing answer recorded; closing twice is refused
        person("leader").contentType(JSON).body("{\"comment\":\"tertial closed\"}")
                .when().post(ROUNDS + "/" + round + "/close").then().statusCode(200)
                .body("state", equalTo("CLOSED")).body("unansweredAtClose", equalTo(List.of("bm-c")))
                .body("closedBy", equalTo("person:leader"));
        person("leader").when().post(ROUNDS + "/" + round + "/close").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("is closed already"));
        person("pm-sus").contentType(JSON).body("{\"answer\":\"CONFIRMED\"}")
                .when().post(ROUNDS + "/" + round + "/answers/bm-c").then().statusCode(409)
                .body("detail", containsString("is closed already"));
        // the C reminder settles with the round
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> count(dataSource,
                "SELECT count(*) FROM pks.alert WHERE condition = 'ROUND_ANSWER_DUE' AND unit_id = ? AND state = "
                + "'RESOLVED'", "bm-c") == 1);

        // the final figures, as the API gives them, against the figures worked by hand
        final Map<String, Object> finalA = regionRow(unit("bm-a"), "FINAL");
        final Map<String, Object> finalB = regionRow(unit("bm-b"), "FINAL");
        final Map<String, Object> finalC = regionRow(unit("bm-c"), "FINAL");
        assertEquals(List.of(0.75, 0.5, 0.5), List.of(number(finalA.get("value")), number(finalB.get("value")),
                number(finalC.get("value"))));
        assertEquals(List.of(0.5, 0.5, 0.625), List.of(number(finalA.get("median")), number(finalA.get("q1")),
                number(finalA.get("q3"))));
        assertEquals(List.of(1, 2, 2), List.of(finalA.get("rank"), finalB.get("rank"), finalC.get("rank")));
        person("leader").when().get(ROUNDS + "/" + round).then().statusCode(200)
                .body("changes.find { it.unitId == 'bm-b' }.currentSource", equalTo("FINAL"))
                .body("changes.find { it.unitId == 'bm-b' }.current", equalTo(0.5f));

        // closed, it is published: the same final figures, but naming no one and without the units' comments
        given().when().get("/api/v1/public/benchmarking-rounds?regionId=" + REGION).then().statusCode(200)
                .body("roundId", equalTo(List.of((int) round))).body("units", equalTo(List.of(3)));
        final String published = ReportPdf.text(given().accept(PDF).when()
                .get("/api/v1/public/benchmarking-rounds/" + round + "/report").then().statusCode(200)
                .contentType(PDF).extract().asByteArray());
        assertTrue(published.contains("3 units in the round: 1 ✔ confirmed, 1 ⚠ flagged, 1 did not answer by the"
                + " close (bm-c)."), published);
        assertTrue(published.contains("Final figures: frozen when the round was closed on "), published);
        assertFalse(published.contains("person:"), published);
        assertFalse(published.contains("registered as a return visit"), published);
        assertFalse(published.contains("checked with the clinic"), published);

        // the round's report, PDF: the final figures, the answers and the change, as the API gives them
        final byte[] pdf = person("leader").accept(PDF).when().get(ROUNDS + "/" + round + "/report")
                .then().statusCode(200).contentType(PDF).extract().asByteArray();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "benchmarking-round-test.pdf"), pdf);   // to look at after a run
        final String text = ReportPdf.text(pdf);
        assertTrue(text.contains("Final figures: frozen when the round was closed by person:leader"), text);
        assertTrue(text.contains("3 units in the round: 1 ✔ confirmed, 1 ⚠ flagged, 1 did not answer by the close"
                + " (bm-c)."), text);
        assertTrue(text.contains("First visit share in Region " + REGION + ": 3 units, median "
                + share(finalA.get("median")) + ", quartiles " + share(finalA.get("q1")) + " to "
                + share(finalA.get("q3")) + "; better when neither."), text);
        for (final Map<String, Object> row : List.of(finalA, finalB, finalC)) {
            assertTrue(text.contains(roundRow(row)), roundRow(row) + " in\n" + text);
        }
        assertTrue(text.contains("Mottagning A org-sus ✔ confirmed"), text);
        assertTrue(text.contains("Mottagning B org-nol ⚠ flagged First visit"), text);
        assertTrue(text.contains("Mottagning C org-sus – no answer"), text);
        assertTrue(text.contains("Mottagning B First visit share " + share(preliminaryB.get("value")) + " "
                + share(finalB.get("value")) + " changed"), text);
        final List<BufferedImage> drawn = ReportPdf.render(pdf, pages);
        for (int i = 0; i < drawn.size(); i++) {
            assertTrue(ReportPdf.inked(drawn.get(i)) > 0.005, "page " + (i + 1) + " is blank");
        }
        // the same report as a web page
        final String html = person("pm-sus").accept("text/html").when().get(ROUNDS + "/" + round + "/report")
                .then().statusCode(200).contentType(containsString("text/html")).extract().asString();
        assertTrue(html.contains("<th scope=\"row\">Mottagning A</th><td>org-sus</td><td class=\"n\">"
                + share(finalA.get("value")) + "</td>"), html);

        // the organisation's tertial follow-up report has the same key figures, as /api/v1/key-figures gives them
        final List<Map<String, Object>> live = person("leader").when().get("/api/v1/key-figures?periodKind=TERTIAL"
                        + "&periodStart=" + TERTIAL + "&groupId=region:" + REGION + "&keyFigure=" + SHARE)
                .then().statusCode(200).extract().jsonPath().getList("$");
        final String followUp = ReportPdf.text(person("pm-sus").accept(PDF).when()
                .get("/api/v1/reports/follow-up?organisationId=org-sus&period=" + PERIOD).then().statusCode(200)
                .extract().asByteArray());
        for (final Map<String, Object> row : live.stream().filter(row -> row.get("organisationId").equals("org-sus"))
                .toList()) {
            final String expected = "First visit share " + row.get("unitName") + " " + share(row.get("value")) + " "
                    + row.get("rank") + " of 3 " + share(row.get("median")) + " " + share(row.get("lowerQuartile"))
                    + " to " + share(row.get("upperQuartile"));
            assertTrue(followUp.contains(expected), expected + " in\n" + followUp);
        }
        assertEquals(List.of(0.75, 0.5), live.stream().filter(row -> row.get("organisationId").equals("org-sus"))
                .map(row -> number(row.get("value"))).toList(), "the live figures are the final ones");

        // every step is in the audit trail, with who and why
        assertEquals(List.of("person:leader UPDATE tertial closed", "person:leader CREATE tertial review"),
                trail("benchmarking_round", String.valueOf(round)));
        assertEquals(List.of("person:pm-sus UPDATE checked with the clinic", "person:pm-sus CREATE null"),
                trail("benchmarking_round_answer", round + "|bm-a"));
    }

    @Test
    @Order(2)
    void refusedRequestsAreProblemsAndChangeNothing() throws SQLException {
        arrange();
        final long answers = count(dataSource, "SELECT count(*) FROM pks.audit_entry WHERE subject = ?",
                "benchmarking_round_answer");
        final long rounds = count(dataSource, "SELECT count(*) FROM pks.benchmarking_round WHERE region_id = ?", REGION);

        // opening: a future period, one under way, a deadline passed, no period, a round for the period again
        open("{\"regionId\":\"r-bm\",\"period\":\"" + (TODAY.getYear() + 1) + "-T1\",\"deadline\":\"" + TODAY + "\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("period"))
                .body("errors[0].reason", containsString("lies in the future"));
        final String current = TODAY.getYear() + "-T" + (1 + (TODAY.getMonthValue() - 1) / 4);
        open("{\"regionId\":\"r-bm\",\"period\":\"" + current + "\",\"deadline\":\"" + TODAY + "\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("period"))
                .body("errors[0].reason", containsString("has not ended"));
        open("{\"regionId\":\"r-bm\",\"period\":\"" + PERIOD + "\",\"deadline\":\"" + TODAY.minusDays(1) + "\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("deadline"));
        open("{\"regionId\":\"r-bm\",\"period\":\"" + PERIOD + "\"}")
                .then().statusCode(400).body("errors[0].field", equalTo("deadline"));
        open("{\"regionId\":\"r-bm\",\"period\":\"" + PERIOD + "\",\"deadline\":\"" + TODAY
                + "\",\"keyFigures\":[\"beds_per_nurse\"]}")
                .then().statusCode(400).body("errors[0].field", equalTo("keyFigures"));
        open("{\"regionId\":\"r-nowhere\",\"period\":\"" + PERIOD + "\",\"deadline\":\"" + TODAY + "\"}")
                .then().statusCode(404).body("errors[0].field", equalTo("regionId"));
        open("{\"regionId\":\"r-bm\",\"period\":\"" + PERIOD + "\",\"deadline\":\"" + TODAY + "\"}")
                .then().statusCode(409).body("detail", containsString("has a benchmarking round for the TERTIAL"));
        person("pm-sus").contentType(JSON).body("{\"regionId\":\"r-bm\",\"period\":\"" + PERIOD + "\"}")
                .when().post(ROUNDS).then().statusCode(403);

        // a month round of the same region, to answer in: its first month has every visit of the test
        final long month = open("{\"regionId\":\"r-bm\",\"period\":\"%d-%02d\",\"deadline\":\"%s\"}".formatted(
                TERTIAL.getYear(), TERTIAL.getMonthValue(), TODAY)).then().statusCode(201).extract().jsonPath()
                .getLong("roundId");
        final String answers0 = ROUNDS + "/" + month + "/answers/";
        person("pm-sus").contentType(JSON).body("{\"answer\":\"CONFIRMED\"}")
                .when().post(ROUNDS + "/999999/answers/bm-a").then().statusCode(404)
                .body("errors[0].field", equalTo("roundId"));
        person("leader").when().get(ROUNDS + "/999999").then().statusCode(404)
                .body("errors[0].field", equalTo("roundId"));
        person("leader").when().get(ROUNDS + "/999999/report").then().statusCode(404);
        person("pm-sus").contentType(JSON).body("{\"answer\":\"CONFIRMED\"}").when().post(answers0 + "no-such-unit")
                .then().statusCode(404).body("errors[0].field", equalTo("unitId"));
        person("pm-sus").contentType(JSON).body("{\"answer\":\"CONFIRMED\"}").when().post(answers0 + "bm-d")
                .then().statusCode(404).body("errors[0].field", equalTo("unitId"))
                .body("errors[0].reason", containsString("is not in round " + month));
        person("pm-nol").contentType(JSON).body("{\"answer\":\"CONFIRMED\"}").when().post(answers0 + "bm-a")
                .then().statusCode(403).body("detail", containsString("belongs to organisation org-sus"));
        person("pm-sus").contentType(JSON).body("{\"answer\":\"FLAGGED\"}").when().post(answers0 + "bm-a")
                .then().statusCode(400).body("errors[0].field", equalTo("comment"));
        person("pm-sus").contentType(JSON).body("{\"answer\":\"MAYBE\"}").when().post(answers0 + "bm-a")
                .then().statusCode(400).body("errors[0].field", equalTo("answer"));
        person("pm-sus").contentType(JSON).body("{\"answer\":\"FLAGGED\",\"comment\":\"x\","
                        + "\"keyFigures\":[\"occupancy_rate\"]}").when().post(answers0 + "bm-a")
                .then().statusCode(400).body("errors[0].field", equalTo("keyFigures"));
        person("leader").when().get(ROUNDS + "/" + month + "/report?format=docx").then().statusCode(400)
                .body("errors[0].field", equalTo("format"));
        person("leader").accept("image/png").when().get(ROUNDS + "/" + month + "/report").then().statusCode(406);
        // the deadline passes (moved back as if days had gone by): answers are refused, closing still works
        update("UPDATE pks.benchmarking_round SET deadline = current_date - 1 WHERE round_id = " + month);
        person("pm-sus").contentType(JSON).body("{\"answer\":\"CONFIRMED\"}").when().post(answers0 + "bm-a")
                .then().statusCode(409).body("detail", containsString("answers are no longer taken"));

        assertEquals(answers, count(dataSource, "SELECT count(*) FROM pks.audit_entry WHERE subject = ?",
                "benchmarking_round_answer"));
        assertEquals(rounds + 1, count(dataSource, "SELECT count(*) FROM pks.benchmarking_round WHERE region_id = ?", REGION));
        // the frozen figures never change, for the service as for anyone
        assertTrue(refused("UPDATE pks.benchmarking_round_figure SET value = 0 WHERE round_id = " + month));
        assertTrue(refused("DELETE FROM pks.benchmarking_round_figure WHERE round_id = " + month));
        person("leader").when().post(ROUNDS + "/" + month + "/close").then().statusCode(200)
                .body("unansweredAtClose", equalTo(List.of("bm-a", "bm-b", "bm-c")));
    }

    @Test
    @Order(3)
    @ExtendWith(HeadlessChromium.class)
    void theRoundsWebPagePassesThePublicPagesAccessibilityCheck(@TempDir final Path directory) throws Exception {
        arrange();
        final String html = person("leader").accept("text/html").when().get(ROUNDS + "/" + round + "/report")
                .then().statusCode(200).contentType(containsString("text/html")).extract().asString();
        final Path file = directory.resolve("round.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        try (HeadlessChromium.Browser browser = HeadlessChromium.start()) {
            browser.driver().get(file.toUri().toString());
            assertEquals(List.of(), AxeCheck.violations(browser.driver()));
        }
    }

    private static io.restassured.response.Response open(final String body) {
        return person("leader").contentType(JSON).body(body).when().post(ROUNDS);
    }

    /** The report's row for a unit's final figure: unit, organisation, value, rank, distance to the median. */
    private static String roundRow(final Map<String, Object> row) {
        return row.get("unitName") + " " + row.get("organisationId") + " " + share(row.get("value")) + " "
                + row.get("rank") + " of " + row.get("n") + " "
                + String.format(Locale.ROOT, "%+.1f %%", number(row.get("distanceToMedianPct")));
    }

    /** A share as the reports print it: in per cent with one decimal. */
    private static String share(final Object value) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * number(value));
    }

    private static double number(final Object value) {
        return ((Number) value).doubleValue();
    }

    private static JsonPath unit(final String unitId) {
        return person("leader").when().get(ROUNDS + "/" + round + "/units/" + unitId).then().statusCode(200)
                .extract().jsonPath();
    }

    /** The unit's first-visit share in the region's group, at the stage. */
    private static Map<String, Object> regionRow(final JsonPath unit, final String stage) {
        return unit.getMap("figures.find { it.stage == '" + stage + "' && it.groupId == 'region:" + REGION
                + "' && it.keyFigure == '" + SHARE + "' }");
    }

    private static List<String> trail(final String subject, final String key) {
        final List<Map<String, Object>> entries = person("leader")
                .when().get("/api/v1/audit?subject=" + subject + "&subjectKey=" + key)
                .then().statusCode(200).extract().jsonPath().getList("$");
        return entries.stream().map(entry -> entry.get("actor") + " " + entry.get("change") + " "
                + entry.get("reason")).toList();
    }

    /** The ROUND_ANSWER_DUE notifications to pm-sus's subscription for the unit and round. */
    private long reminders(final String subject, final String unitId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT count(*) FROM pks.notification n
                     JOIN pks.subscription s ON s.subscription_id = n.subscription_id
                     JOIN pks.alert a ON a.alert_id = n.alert_id
                     WHERE s.username = 'pm-sus' AND a.condition = 'ROUND_ANSWER_DUE' AND a.subject = ?
                       AND a.unit_id = ?""")) {
            select.setString(1, subject);
            select.setString(2, unitId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * Once per class: the three clinics of region r-bm (and bm-d, which reports nothing), their visits last tertial,
     * and the figures in the key-figure view.
     */
    private void arrange() {
        if (arranged) {
            return;
        }
        token = IngestHttp.create(PROVIDER).token();
        for (final String[] unit : List.of(new String[] {"bm-a", "Mottagning A", "org-sus"},
                new String[] {"bm-b", "Mottagning B", "org-nol"}, new String[] {"bm-c", "Mottagning C", "org-sus"},
                new String[] {"bm-d", "Mottagning D", "org-sus"})) {
            person("planner").contentType(JSON).body("""
                    {"unitId":"%s","name":"%s","providerId":"%s","organisationId":"%s","organisationName":"%s",\
                    "ownership":"PUBLIC","regionId":"%s"}""".formatted(unit[0], unit[1], PROVIDER, unit[2], unit[2],
                    REGION)).when().put("/api/v1/units/" + unit[0]).then().statusCode(202);
        }
        for (final String unit : List.of("bm-a", "bm-b", "bm-c", "bm-d")) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    person("planner").when().get("/api/v1/units/" + unit).then().statusCode(200));
        }
        visits("bm-a", List.of("bm-a-1", "bm-a-2", "bm-a-3"), "FIRST");
        visits("bm-a", List.of("bm-a-4"), "RETURN");
        visits("bm-b", List.of("bm-b-1"), "FIRST");
        visits("bm-b", List.of("bm-b-2", "bm-b-3", "bm-b-4"), "RETURN");
        visits("bm-c", List.of("bm-c-1", "bm-c-2"), "FIRST");
        visits("bm-c", List.of("bm-c-3", "bm-c-4"), "RETURN");
        awaitLiveShare("bm-a", 0.75);
        awaitLiveShare("bm-b", 0.25);
        awaitLiveShare("bm-c", 0.5);
        arranged = true;
    }

    /** Visits of one type, one a day from the tenth day of last tertial (its first month). */
    private static void visits(final String unitId, final List<String> eventIds, final String type) {
        final StringBuilder body = new StringBuilder("[");
        for (final String eventId : eventIds) {
            final int day = Integer.parseInt(eventId.substring(eventId.lastIndexOf('-') + 1));
            body.append(body.length() == 1 ? "" : ",").append("""
                    {"eventId":"%s","providerId":"%s","unitId":"%s","occurredAt":"%sT09:15:00Z",\
                    "visitType":"%s"}""".formatted(eventId, PROVIDER, unitId, TERTIAL.plusDays(9 + day), type));
        }
        given().header("Authorization", "Bearer " + token).contentType(JSON).body(body.append("]").toString())
                .when().post("/api/v1/events/visits")
                .then().statusCode(200).body("accepted", equalTo(eventIds.size()));
    }

    // --- Waiting and login helpers, as in ApprovalStoryTest (the lead moves them into a shared fixture) ---

    /** Waits until the key-figure view has the unit's first-visit share for last tertial at the value. */
    private static void awaitLiveShare(final String unitId, final double value) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            final List<Map<String, Object>> rows = person("leader").when().get("/api/v1/key-figures?periodKind="
                            + "TERTIAL&periodStart=" + TERTIAL + "&groupId=region:" + REGION + "&keyFigure=" + SHARE
                            + "&unitId=" + unitId).then().statusCode(200).extract().jsonPath().getList("$");
            return rows.size() == 1 && number(rows.getFirst().get("value")) == value;
        });
    }

    private void update(final String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    /** Whether the database refuses the statement. */
    private boolean refused(final String sql) {
        try {
            update(sql);
            return false;
        } catch (final SQLException e) {
            return true;
        }
    }

}
