package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static se.pks.stream.it.StoryFixture.awaitFirstVisitsOfMonth;
import static se.pks.stream.it.StoryFixture.count;
import static se.pks.stream.it.StoryFixture.firstVisits;
import static se.pks.stream.it.StoryFixture.person;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
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
 * The strategic follow-up report (docs/reports.md) on the real broker, stream and database, for a small region worked
 * by hand: region r-rep has one organisation, org-sus (Sjöstads universitetssjukhus), with one clinic that plans 2
 * first visits a week and did 5 first visits last month. The report's PDF text, extracted with PDFBox, carries the
 * figures the API gives for the same organisation and period (preliminary from /api/v1/rollups, then approved from
 * /api/v1/public/approved), the region's report those of the region's rollups; its pages drawn by pdftoppm are not
 * blank; the HTML passes the same axe-core check as the public page; bad requests are answered with problems naming
 * the field.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FollowUpReportTest {

    private static final String REGION = "r-rep";
    private static final String ORGANISATION = "org-sus";
    private static final String ORGANISATION_NAME = "Sjöstads universitetssjukhus";
    private static final String UNIT = "rep-ort-mott";
    private static final String UNIT_NAME = "Ortopedmottagningen Åsö";
    private static final String PROVIDER = "prov-rep";
    private static final String ACTION_TITLE = "Kvällsmottagning för förstabesök";
    private static final String JSON = "application/json";
    private static final String PDF = "application/pdf";
    private static final LocalDate MONTH = LocalDate.now(ZoneId.of("Europe/Stockholm")).minusMonths(1)
            .withDayOfMonth(1);
    private static final String PERIOD = "%d-%02d".formatted(MONTH.getYear(), MONTH.getMonthValue());
    private static final String REPORT = "/api/v1/reports/follow-up";

    private static boolean arranged;
    private static String token;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    @Order(1)
    void aPreliminaryReportCarriesTheApisFiguresAndSwedishLetters(@TempDir final Path pages) throws Exception {
        arrange();
        final Map<String, Object> target = rollup("ORGANISATION", ORGANISATION);
        assertEquals(5.0, ((Number) target.get("actual")).doubleValue(), "5 first visits by hand");

        final Response answer = person("pm-sus").accept(PDF).when()
                .get(REPORT + "?organisationId=" + ORGANISATION + "&period=" + PERIOD);
        answer.then().statusCode(200).contentType(PDF);
        final byte[] pdf = answer.asByteArray();
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "follow-up-report-test.pdf"), pdf);   // to look at after a run
        final String text = ReportPdf.text(pdf);

        assertTrue(text.contains("Follow-up report: " + ORGANISATION_NAME), text);
        assertTrue(text.contains("Preliminary figures: the period has not been approved"), text);
        assertTrue(text.contains(row("First visits", target)), "the row " + row("First visits", target)
                + " in\n" + text);
        // å, ä and ö come out of the PDF as the letters they are (a Unicode font with its character map embedded);
        // table cells wrap, so words are looked for one by one
        assertTrue(text.contains("Åsö"), text);
        assertTrue(text.contains("Kvällsmottagning"), text);
        assertTrue(text.contains("höstlov"), text);
        // the action, open, and the low-production week of the region's calendar
        assertTrue(text.contains("planned"), text);
        assertTrue(text.contains("week of " + lowWeek() + " (höstlov)"), text);

        final List<BufferedImage> drawn = ReportPdf.render(pdf, pages);
        assertEquals(ReportPdf.pageCount(pdf), drawn.size());
        for (int i = 0; i < drawn.size(); i++) {
            final double inked = ReportPdf.inked(drawn.get(i));
            assertTrue(inked > 0.005, "page " + (i + 1) + " is blank: " + inked + " of its pixels are inked");
        }
    }

    @Test
    @Order(2)
    void theApprovedReportShowsThePublishedFiguresAndWhatChangedSince() throws Exception {
        arrange();
        given().when().get("/api/v1/public/reports/follow-up?regionId=" + REGION + "&period=" + PERIOD)
                .then().statusCode(404).contentType("application/problem+json")
                .body("errors[0].field", equalTo("period"));
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + "/MONTH/" + MONTH).then().statusCode(201);
        person("approver-sus").when().post("/api/v1/approvals/organisations/" + ORGANISATION + "/MONTH/" + MONTH)
                .then().statusCode(201);
        // a late visit for the month after approval: the published 5 stays, with a note
        firstVisits(token, PROVIDER, UNIT, MONTH, "rep-late-1");
        awaitFirstVisitsOfMonth(dataSource, UNIT, MONTH, 6);

        final JsonPath published = given().when().get("/api/v1/public/approved/organisations/" + ORGANISATION
                + "?periodKind=MONTH&periodStart=" + MONTH).then().statusCode(200).extract().jsonPath();
        final Map<String, Object> target = published.getMap(
                "figures.find { it.measure == 'first_visits' && it.planKind == 'TARGET' }");
        assertEquals(5.0, ((Number) target.get("actual")).doubleValue());

        final String text = ReportPdf.text(person("leader").accept(PDF).when()
                .get(REPORT + "?organisationId=" + ORGANISATION + "&period=" + PERIOD).then().statusCode(200)
                .extract().asByteArray());
        assertTrue(text.contains("Approved figures: version 1, approved by person:approver-sus"), text);
        assertTrue(text.contains(row("First visits", target)), row("First visits", target) + " in\n" + text);
        assertTrue(text.contains("changed after approval: live 6.0, approved 5.0"), text);
    }

    @Test
    @Order(3)
    void theRegionsReportIsForLeadershipAndItsPublicEditionHasNoActions() throws Exception {
        arrange();
        // the approval is the organisation's; the region's figures count as approved only while none moved since
        person("approver-sus").contentType(JSON).body("{\"reason\":\"a late visit\"}")
                .when().post("/api/v1/approvals/organisations/" + ORGANISATION + "/MONTH/" + MONTH + "/reopen")
                .then().statusCode(200);
        person("pm-sus").contentType(JSON).body("{\"reason\":\"a late visit\"}")
                .when().post("/api/v1/approvals/units/" + UNIT + "/MONTH/" + MONTH + "/reopen").then().statusCode(200);
        person("pm-sus").when().post("/api/v1/approvals/units/" + UNIT + "/MONTH/" + MONTH).then().statusCode(200);
        person("approver-sus").when().post("/api/v1/approvals/organisations/" + ORGANISATION + "/MONTH/" + MONTH)
                .then().statusCode(200);

        final Map<String, Object> region = rollup("REGION", REGION);
        assertEquals(6.0, ((Number) region.get("actual")).doubleValue());
        final String text = ReportPdf.text(person("leader").accept(PDF).when()
                .get(REPORT + "?regionId=" + REGION + "&period=" + PERIOD).then().statusCode(200)
                .extract().asByteArray());
        assertTrue(text.contains("Approved figures: every organisation of the region"), text);
        assertTrue(text.contains(row("First visits", region)), row("First visits", region) + " in\n" + text);
        assertTrue(text.contains("Kvällsmottagning"), text);
        person("pm-sus").accept(PDF).when().get(REPORT + "?regionId=" + REGION + "&period=" + PERIOD)
                .then().statusCode(403);

        final String open = ReportPdf.text(given().when().get("/api/v1/public/reports/follow-up?regionId=" + REGION
                + "&period=" + PERIOD + "&format=pdf").then().statusCode(200).contentType(PDF).extract()
                .asByteArray());
        assertTrue(open.contains(row("First visits", region)), open);
        assertFalse(open.contains("Kvällsmottagning"), "the public edition leaves the action register out");
        // the public page asks with HEAD whether the report is published before it links it
        given().when().head("/api/v1/public/reports/follow-up?regionId=" + REGION + "&period=" + PERIOD
                + "&format=html").then().statusCode(200);
    }

    @Test
    @Order(4)
    @ExtendWith(HeadlessChromium.class)
    void theHtmlReportPassesThePublicPagesAccessibilityCheck(@TempDir final Path directory) throws Exception {
        arrange();
        final Map<String, Object> target = rollup("REGION", REGION);
        final String html = person("leader").accept("text/html").when()
                .get(REPORT + "?regionId=" + REGION + "&period=" + PERIOD).then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertTrue(html.contains("<th scope=\"row\">First visits</th><td class=\"n\">"
                + number(target.get("actual")) + "</td><td class=\"n\">" + number(target.get("expected"))), html);
        final Path file = directory.resolve("report.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        try (HeadlessChromium.Browser browser = HeadlessChromium.start()) {
            browser.driver().get(file.toUri().toString());
            assertEquals(List.of(), AxeCheck.violations(browser.driver()));
        }
    }

    @Test
    @Order(5)
    void badRequestsAreAnsweredWithProblemsNamingTheField() {
        arrange();
        problem("?organisationId=org-nowhere&period=" + PERIOD, 404, "organisationId", "unknown organisation");
        problem("?regionId=r-nowhere&period=" + PERIOD, 404, "regionId", "unknown region");
        problem("?organisationId=" + ORGANISATION + "&period=2025-13", 400, "period", "has no month 13");
        problem("?organisationId=" + ORGANISATION + "&period=2025-T4", 400, "period", "must be a month");
        problem("?organisationId=" + ORGANISATION + "&period=2099-T1", 400, "period", "lies in the future");
        problem("?organisationId=" + ORGANISATION, 400, "period", "is required");
        problem("?period=" + PERIOD, 400, "organisationId", "is required");
        problem("?organisationId=" + ORGANISATION + "&period=" + PERIOD + "&format=docx", 400, "format",
                "must be pdf or html");
        person("pm-nol").accept(PDF).when().get(REPORT + "?organisationId=" + ORGANISATION + "&period=" + PERIOD)
                .then().statusCode(403).contentType("application/problem+json");
    }

    private void problem(final String query, final int status, final String field, final String reason) {
        person("leader").accept(PDF).when().get(REPORT + query).then().statusCode(status)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field))
                .body("errors[0].reason", containsString(reason));
    }

    /** The row the report prints for a figure, from the API's numbers: value, plan, deviation, % and status. */
    private static String row(final String label, final Map<String, Object> figure) {
        final String status = switch (String.valueOf(figure.get("status"))) {
            case "GREEN" -> "✔ on target";
            case "YELLOW" -> "▲ somewhat off target";
            case "RED" -> "✖ off target";
            default -> "– no status";
        };
        return label + " " + number(figure.get("actual")) + " " + number(figure.get("expected")) + " "
                + number(figure.get("deviation")) + " "
                + String.format(Locale.ROOT, "%+.1f %%", ((Number) figure.get("deviationPct")).doubleValue()) + " "
                + status;
    }

    private static String number(final Object value) {
        return String.format(Locale.ROOT, "%.1f", ((Number) value).doubleValue());
    }

    /** The level's first-visit figure against target for the month, as /api/v1/rollups answers it. */
    private static Map<String, Object> rollup(final String level, final String groupId) {
        final List<Map<String, Object>> rows = person("leader").when().get("/api/v1/rollups?level=" + level
                        + "&groupId=" + groupId + "&measure=first_visits&planKind=TARGET&periodKind=MONTH&from="
                        + MONTH + "&to=" + MONTH).then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, rows.size(), rows.toString());
        return rows.getFirst();
    }

    private static LocalDate lowWeek() {
        return MONTH.with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY)).plusWeeks(1);
    }

    /**
     * Once per class: the unit in region r-rep, a target of 2 first visits for every week that starts in last month,
     * the second of those weeks low-production (höstlov), 5 first visits in the month and one open action.
     */
    private void arrange() {
        if (arranged) {
            return;
        }
        token = IngestHttp.create(PROVIDER).token();
        person("planner").contentType(JSON).body("""
                {"unitId":"%s","name":"%s","providerId":"%s","organisationId":"%s","organisationName":"%s",\
                "ownership":"PUBLIC","regionId":"%s"}""".formatted(UNIT, UNIT_NAME, PROVIDER, ORGANISATION,
                ORGANISATION_NAME, REGION)).when().put("/api/v1/units/" + UNIT).then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                person("planner").when().get("/api/v1/units/" + UNIT).then().statusCode(200));
        final StringBuilder plans = new StringBuilder("unitId,measure,planKind,granularity,periodStart,value\n");
        int weeks = 0;
        for (LocalDate week = MONTH.with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));
             week.getMonth() == MONTH.getMonth(); week = week.plusWeeks(1)) {
            plans.append(UNIT).append(",first_visits,TARGET,WEEK,").append(week).append(",2\n");
            weeks++;
        }
        person("planner").contentType("text/csv").body(plans.toString()).when().post("/api/v1/plans/csv")
                .then().statusCode(200);
        person("planner").contentType(JSON).body("{\"kind\":\"LOW_PRODUCTION\",\"label\":\"höstlov\"}")
                .when().put("/api/v1/calendar/" + REGION + "/" + lowWeek()).then().statusCode(202);
        firstVisits(token, PROVIDER, UNIT, MONTH, "rep-1", "rep-2", "rep-3", "rep-4", "rep-5");
        person("pm-sus").contentType(JSON).body("""
                {"title":"%s","unitId":"%s","measure":"first_visits","expectedDirection":"INCREASE",\
                "responsible":"klinikchef ortopedi","deadline":"2099-06-30"}""".formatted(ACTION_TITLE, UNIT))
                .when().post("/api/v1/actions").then().statusCode(201);
        final int planned = weeks;
        awaitFirstVisitsOfMonth(dataSource, UNIT, MONTH, 5);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(dataSource,
                "SELECT count(*) FROM pks.plan WHERE unit_id = '" + UNIT + "'") == planned
                && count(dataSource, "SELECT count(*) FROM pks.calendar_week WHERE region_id = '" + REGION + "'") == 1);
        arranged = true;
    }

}
