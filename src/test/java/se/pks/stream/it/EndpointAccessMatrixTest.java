package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Method;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may call what: every endpoint of the running service, as its own OpenAPI document lists them, against every kind
 * of caller. An endpoint that is added without a row here fails the test, so no endpoint can slip out unguarded.
 *
 * <p>Each row is one endpoint with a concrete request and one letter per caller, in the order of {@link Caller}:
 * {@code A} allowed (2xx, or a 4xx about the request itself such as 400, 404, 409 or 412: never 401, 403 or 5xx),
 * {@code U} 401 (no or bad credentials), {@code F} 403 (signed in, but the wrong role, organisation or provider),
 * {@code R} 200 with every record refused for naming another provider (ingestion answers record by record).
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class EndpointAccessMatrixTest {

    /** Provider A owns the unit below; provider B is another provider with a valid token of its own. */
    private static final String PROVIDER_A = "prov-sus";
    private static final String PROVIDER_B = "prov-nol";
    private static final String UNIT = "sus-ort-mott";

    /** The callers, in the order of the letters in each row. */
    enum Caller {
        ANONYMOUS, WRONG_PASSWORD, PROVIDER_A, PROVIDER_B, ADMIN_KEY, WRONG_ADMIN_KEY, LEADER, PM_SUS, PM_NOL,
        OBSERVER, PLANNER, APPROVER_SUS
    }

    // The rows' letters by policy, so the table below reads as a policy per endpoint.
    // anon wrong provA provB admin wrongAdmin leader pmSus pmNol observer planner approverSus
    private static final String PUBLIC = "AAAAAAAAAAAA";
    private static final String PERSON_READS = "UUUUUUAAAFAA";
    private static final String PLANNER_CHANGES = "UUUUUUFFFFAF";
    private static final String MANAGER_LISTS = "UUUUUUAAAFFA";
    private static final String ORGANISATION_READS = "UUUUUUAAFFFA";
    private static final String ORGANISATION_CHANGES = "UUUUUUFAFFFA";
    private static final String PROVIDER_WRITES = "UUARUUUUUUUU";
    private static final String OWN_PROVIDER_READS = "UUAFUUUUUUUU";
    private static final String OPERATOR = "UUUUAUUUUUUU";
    // approval: a production manager approves their units' periods, an approver their organisations'
    private static final String UNIT_APPROVES = "UUUUUUFAFFFA";
    private static final String ORGANISATION_APPROVES = "UUUUUUFFFFFA";
    private static final String APPROVALS_READ = "UUUUUUAAAFFA";
    // a region's approver holds approver with a region: grant, which none of these callers has (ApprovalStoryTest)
    private static final String REGION_APPROVES = "UUUUUUFFFFFF";
    private static final String LEADERSHIP_READS = "UUUUUUAFFFFF";
    // the board's adoption of a year's plan: leadership only
    private static final String LEADERSHIP_ADOPTS = "UUUUUUAFFFFF";

    private static final String JSON = "application/json";

    @Inject
    DataSource dataSource;

    private String tokenA;
    private String tokenB;
    private String revocable;
    private long susAlert;
    private long susAction;

    /** One endpoint: the OpenAPI method and path template, a concrete request and the expected answer per caller. */
    private record Row(String method, String template, String url, String contentType, String body,
                       String expected) {
    }

    @BeforeAll
    static void readProblemDetailsAsJson() {
        IngestHttp.readProblemDetailsAsJson();
    }

    @Test
    void everyEndpointAnswersEveryCallerAsThePolicySays() throws SQLException {
        fixtures();
        final List<Row> rows = rows();
        assertEquals(new TreeSet<>(documentedOperations()), new TreeSet<>(rows.stream()
                .filter(row -> row.template().startsWith("/api/")).map(row -> row.method() + " " + row.template())
                .toList()), "every endpoint in /q/openapi has a row in the matrix, and every /api/ row is documented");

        final List<String> wrong = new ArrayList<>();
        int cells = 0;
        int succeeded = 0;
        for (final Row row : rows) {
            assertEquals(Caller.values().length, row.expected().length(), row.template());
            for (final Caller caller : Caller.values()) {
                final char expected = row.expected().charAt(caller.ordinal());
                final Response answer = call(caller, row);
                cells++;
                succeeded += answer.statusCode() / 100 == 2 ? 1 : 0;
                final String problem = mismatch(expected, answer);
                if (problem != null) {
                    wrong.add(row.method() + " " + row.url() + " as " + caller + ": " + problem);
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + cells + " answers differ from the policy:\n"
                + String.join("\n", wrong));
        assertEquals(rows.size() * Caller.values().length, cells);
        System.out.printf("EndpointAccessMatrixTest: %d endpoints x %d callers = %d answers checked, %d of them 2xx%n",
                rows.size(), Caller.values().length, cells, succeeded);
    }

    /** What the answer has against the expected letter, or null when it is what the policy says. */
    private static String mismatch(final char expected, final Response answer) {
        final int status = answer.statusCode();
        final String contentType = answer.contentType() == null ? "" : answer.contentType();
        return switch (expected) {
            case 'A' -> status == 401 || status == 403 || status >= 500 ? "expected to be let in, got " + status
                    + " " + answer.asString() : null;
            case 'U' -> status != 401 ? "expected 401, got " + status
                    : contentType.startsWith("application/problem+json") ? null : "401 without problem details";
            case 'F' -> status != 403 ? "expected 403, got " + status
                    : contentType.startsWith("application/problem+json") ? null : "403 without problem details";
            case 'R' -> refusedAsAnotherProvidersRecord(answer);
            default -> throw new IllegalArgumentException("no such letter " + expected);
        };
    }

    private static String refusedAsAnotherProvidersRecord(final Response answer) {
        if (answer.statusCode() != 200) {
            return "expected 200 with refused records, got " + answer.statusCode();
        }
        final JsonPath report = answer.jsonPath();
        final List<String> fields = report.getList("results[0].reasons.field");
        return report.getInt("accepted") == 0 && report.getInt("rejected") == 1 && fields.contains("providerId")
                ? null : "another provider's record was not refused: " + answer.asString();
    }

    private List<Row> rows() {
        final String action = "/api/v1/actions/" + susAction;
        final String credentials = "/api/v1/admin/providers/prov-matrix/credentials";
        final String event = """
                [{"eventId":"matrix-1","providerId":"%s","unitId":"%s","occurredAt":"2025-03-04T09:15:00+01:00",\
                "visitType":"FIRST"}]""".formatted(PROVIDER_A, UNIT);
        final String plan = """
                {"unitId":"%s","measure":"first_visits","planKind":"TARGET","granularity":"WEEK",\
                "periodStart":"2025-03-03","value":40}""".formatted(UNIT);
        final String actionBody = """
                {"title":"Extra evening clinic","unitId":"%s","measure":"first_visits","expectedDirection":"INCREASE",\
                "responsible":"klinikchef ortopedi","deadline":"2030-06-30"}""".formatted(UNIT);
        return List.of(
                // provider ingestion and feed feedback: provider tokens only
                new Row("POST", "/api/v1/events/{feed}", "/api/v1/events/visits", JSON, event, PROVIDER_WRITES),
                new Row("GET", "/api/v1/providers/{providerId}/feed-status",
                        "/api/v1/providers/" + PROVIDER_A + "/feed-status", null, null, OWN_PROVIDER_READS),
                new Row("GET", "/api/v1/providers/{providerId}/rejections",
                        "/api/v1/providers/" + PROVIDER_A + "/rejections", null, null, OWN_PROVIDER_READS),
                // the operator's admin API: the admin key only
                new Row("GET", "/api/v1/admin/providers/{providerId}/credentials", credentials, null, null, OPERATOR),
                new Row("POST", "/api/v1/admin/providers/{providerId}/credentials", credentials, null, null, OPERATOR),
                new Row("DELETE", "/api/v1/admin/providers/{providerId}/credentials/{credentialId}",
                        credentials + "/" + revocable, null, null, OPERATOR),
                // the register, plans and calendar: every person with a role reads, the planner changes
                new Row("GET", "/api/v1/units", "/api/v1/units", null, null, PERSON_READS),
                new Row("GET", "/api/v1/units/{unitId}", "/api/v1/units/" + UNIT, null, null, PERSON_READS),
                new Row("PUT", "/api/v1/units/{unitId}", "/api/v1/units/" + UNIT, JSON, unitJson(), PLANNER_CHANGES),
                new Row("DELETE", "/api/v1/units/{unitId}", "/api/v1/units/never-registered", null, null,
                        PLANNER_CHANGES),
                new Row("GET", "/api/v1/plans", "/api/v1/plans?unitId=" + UNIT, null, null, PERSON_READS),
                new Row("PUT", "/api/v1/plans", "/api/v1/plans", JSON, plan, PLANNER_CHANGES),
                new Row("DELETE", "/api/v1/plans/{unitId}/{measure}/{planKind}/{granularity}/{periodStart}",
                        "/api/v1/plans/" + UNIT + "/first_visits/TARGET/WEEK/2025-03-10", null, null,
                        PLANNER_CHANGES),
                new Row("POST", "/api/v1/plans/csv", "/api/v1/plans/csv", "text/csv",
                        "unitId,measure,planKind,granularity,periodStart,value\n" + UNIT
                                + ",first_visits,TARGET,WEEK,2025-03-17,41\n", PLANNER_CHANGES),
                // plan versions and the adopted plan: every person with a role reads, leadership adopts
                new Row("GET", "/api/v1/plan-versions", "/api/v1/plan-versions?unitId=" + UNIT, null, null,
                        PERSON_READS),
                new Row("GET", "/api/v1/plan-adoptions", "/api/v1/plan-adoptions", null, null, PERSON_READS),
                new Row("POST", "/api/v1/plan-adoptions", "/api/v1/plan-adoptions", JSON,
                        "{\"year\":2025,\"reason\":\"matrix\"}", LEADERSHIP_ADOPTS),
                new Row("GET", "/api/v1/calendar/{regionId}", "/api/v1/calendar/r-t", null, null, PERSON_READS),
                new Row("PUT", "/api/v1/calendar/{regionId}/{weekStart}", "/api/v1/calendar/r-t/2025-02-17", JSON,
                        "{\"kind\":\"LOW_PRODUCTION\",\"label\":\"sportlov\"}", PLANNER_CHANGES),
                new Row("DELETE", "/api/v1/calendar/{regionId}/{weekStart}", "/api/v1/calendar/r-t/2025-02-24", null,
                        null, PLANNER_CHANGES),
                // status bands and expected reporting: every person with a role reads, the planner changes
                new Row("GET", "/api/v1/thresholds", "/api/v1/thresholds?measure=discharges", null, null,
                        PERSON_READS),
                new Row("PUT", "/api/v1/thresholds/{measure}/{unitId}/{year}",
                        "/api/v1/thresholds/discharges/" + UNIT + "/2031", JSON, """
                        {"direction":"HIGHER_IS_BETTER","basis":"DEVIATION_PCT","yellowFrom":-5,"redFrom":-15,\
                        "reason":"matrix"}""", PLANNER_CHANGES),
                new Row("DELETE", "/api/v1/thresholds/{measure}/{unitId}/{year}",
                        "/api/v1/thresholds/discharges/" + UNIT + "/2032?reason=matrix", null, null, PLANNER_CHANGES),
                new Row("GET", "/api/v1/expected-reporting", "/api/v1/expected-reporting?unitId=" + UNIT, null, null,
                        PERSON_READS),
                new Row("PUT", "/api/v1/expected-reporting/{unitId}/{feed}",
                        "/api/v1/expected-reporting/" + UNIT + "/VISITS", JSON,
                        "{\"cadence\":\"WORKING_DAYS\",\"reason\":\"matrix\"}", PLANNER_CHANGES),
                new Row("DELETE", "/api/v1/expected-reporting/{unitId}/{feed}",
                        "/api/v1/expected-reporting/" + UNIT + "/OPERATIONS?reason=matrix", null, null,
                        PLANNER_CHANGES),
                new Row("GET", "/api/v1/key-figures", "/api/v1/key-figures?periodKind=MONTH&periodStart=2025-03-01",
                        null, null, PERSON_READS),
                // the audit trail shows every person's changes: leadership only
                new Row("GET", "/api/v1/audit", "/api/v1/audit?limit=5", null, null, LEADERSHIP_READS),
                new Row("GET", "/api/v1/measure-values", "/api/v1/measure-values?unitId=" + UNIT, null, null,
                        PERSON_READS),
                new Row("GET", "/api/v1/deviations", "/api/v1/deviations?unitId=" + UNIT, null, null, PERSON_READS),
                new Row("GET", "/api/v1/period-deviations", "/api/v1/period-deviations?unitId=" + UNIT, null, null,
                        PERSON_READS),
                new Row("GET", "/api/v1/rollups", "/api/v1/rollups?level=ORGANISATION&periodKind=TERTIAL", null, null,
                        PERSON_READS),
                new Row("GET", "/api/v1/projections", "/api/v1/projections?unitId=" + UNIT, null, null,
                        PERSON_READS),
                new Row("GET", "/api/v1/rollup-projections", "/api/v1/rollup-projections?level=REGION", null, null,
                        PERSON_READS),
                // alerts, actions, subscriptions: leadership reads all, a production manager their organisations
                new Row("GET", "/api/v1/alerts", "/api/v1/alerts", null, null, MANAGER_LISTS),
                new Row("GET", "/api/v1/alerts/{alertId}", "/api/v1/alerts/" + susAlert, null, null,
                        ORGANISATION_READS),
                new Row("POST", "/api/v1/alerts/{alertId}/acknowledge", "/api/v1/alerts/" + susAlert + "/acknowledge",
                        null, null, ORGANISATION_CHANGES),
                new Row("GET", "/api/v1/actions", "/api/v1/actions", null, null, MANAGER_LISTS),
                new Row("POST", "/api/v1/actions", "/api/v1/actions", JSON, actionBody, ORGANISATION_CHANGES),
                new Row("GET", "/api/v1/actions/{actionId}", action, null, null, ORGANISATION_READS),
                new Row("PUT", "/api/v1/actions/{actionId}", action, JSON,
                        actionBody.replace("}", ",\"status\":\"PLANNED\",\"version\":1}"), ORGANISATION_CHANGES),
                new Row("PATCH", "/api/v1/actions/{actionId}", action, JSON, "{\"title\":\"Extra clinic\"}",
                        ORGANISATION_CHANGES),
                new Row("POST", "/api/v1/actions/{actionId}/close", action + "/close", JSON,
                        "{\"status\":\"DROPPED\"}", ORGANISATION_CHANGES),
                new Row("POST", "/api/v1/actions/{actionId}/links", action + "/links", JSON,
                        "{\"alertId\":" + susAlert + "}", ORGANISATION_CHANGES),
                new Row("DELETE", "/api/v1/actions/{actionId}/links/{linkId}", action + "/links/999999", null, null,
                        ORGANISATION_CHANGES),
                // re-bases of SPC charts: as actions, by the unit's organisation
                new Row("GET", "/api/v1/spc-rebases", "/api/v1/spc-rebases?unitId=" + UNIT, null, null,
                        ORGANISATION_READS),
                new Row("POST", "/api/v1/spc-rebases", "/api/v1/spc-rebases", JSON, """
                        {"unitId":"%s","measure":"first_visits","rebaseFrom":"2025-03-03","reason":"new theatre"}"""
                        .formatted(UNIT), ORGANISATION_CHANGES),
                new Row("DELETE", "/api/v1/spc-rebases/{unitId}/{measure}/{rebaseFrom}",
                        "/api/v1/spc-rebases/" + UNIT + "/first_visits/2025-03-03", null, null,
                        ORGANISATION_CHANGES),
                new Row("GET", "/api/v1/subscriptions", "/api/v1/subscriptions", null, null, MANAGER_LISTS),
                new Row("POST", "/api/v1/subscriptions", "/api/v1/subscriptions", JSON, """
                        {"scope":"UNIT","scopeId":"%s","channel":"EMAIL","target":"drift@sus.example"}"""
                        .formatted(UNIT), ORGANISATION_READS),
                new Row("DELETE", "/api/v1/subscriptions/{subscriptionId}", "/api/v1/subscriptions/999999", null,
                        null, MANAGER_LISTS),
                // approval and publication: managers approve units, approvers organisations (docs/approval.md)
                new Row("GET", "/api/v1/approvals", "/api/v1/approvals", null, null, APPROVALS_READ),
                new Row("GET", "/api/v1/approvals/units/{unitId}/{periodKind}/{periodStart}",
                        "/api/v1/approvals/units/" + UNIT + "/MONTH/2025-03-01", null, null, ORGANISATION_READS),
                new Row("GET", "/api/v1/approvals/organisations/{organisationId}/{periodKind}/{periodStart}",
                        "/api/v1/approvals/organisations/org-sus/MONTH/2025-03-01", null, null, ORGANISATION_READS),
                new Row("POST", "/api/v1/approvals/units/{unitId}/{periodKind}/{periodStart}",
                        "/api/v1/approvals/units/" + UNIT + "/MONTH/2025-03-01", JSON, "{\"comment\":\"matrix\"}",
                        UNIT_APPROVES),
                new Row("POST", "/api/v1/approvals/units/{unitId}/{periodKind}/{periodStart}/reopen",
                        "/api/v1/approvals/units/" + UNIT + "/MONTH/2025-03-01/reopen", JSON,
                        "{\"reason\":\"matrix\"}", UNIT_APPROVES),
                new Row("POST", "/api/v1/approvals/organisations/{organisationId}/{periodKind}/{periodStart}",
                        "/api/v1/approvals/organisations/org-sus/MONTH/2025-03-01", JSON, "{\"comment\":\"matrix\"}",
                        ORGANISATION_APPROVES),
                new Row("POST", "/api/v1/approvals/organisations/{organisationId}/{periodKind}/{periodStart}/reopen",
                        "/api/v1/approvals/organisations/org-sus/MONTH/2025-03-01/reopen", JSON,
                        "{\"reason\":\"matrix\"}", ORGANISATION_APPROVES),
                new Row("GET", "/api/v1/approvals/regions/{regionId}/{periodKind}/{periodStart}",
                        "/api/v1/approvals/regions/r-t/MONTH/2025-03-01", null, null, LEADERSHIP_READS),
                new Row("POST", "/api/v1/approvals/regions/{regionId}/{periodKind}/{periodStart}",
                        "/api/v1/approvals/regions/r-t/MONTH/2025-03-01", JSON, "{\"comment\":\"matrix\"}",
                        REGION_APPROVES),
                new Row("POST", "/api/v1/approvals/regions/{regionId}/{periodKind}/{periodStart}/reopen",
                        "/api/v1/approvals/regions/r-t/MONTH/2025-03-01/reopen", JSON, "{\"reason\":\"matrix\"}",
                        REGION_APPROVES),
                // the follow-up report: an organisation's for its readers, the region's for leadership
                new Row("GET", "/api/v1/reports/follow-up",
                        "/api/v1/reports/follow-up?organisationId=org-sus&period=2025-T1", null, null,
                        ORGANISATION_READS),
                new Row("GET", "/api/v1/reports/follow-up", "/api/v1/reports/follow-up?regionId=r-t&period=2025-03",
                        null, null, LEADERSHIP_READS),
                // the key-figure benchmarking round: leadership opens and closes, a unit's production manager
                // answers for it, both read (round 999999 does not exist: the person is let in and answered 404)
                new Row("GET", "/api/v1/benchmarking-rounds", "/api/v1/benchmarking-rounds", null, null,
                        MANAGER_LISTS),
                new Row("POST", "/api/v1/benchmarking-rounds", "/api/v1/benchmarking-rounds", JSON,
                        "{\"regionId\":\"r-t\",\"period\":\"2025-T1\",\"deadline\":\"2099-01-01\"}",
                        LEADERSHIP_ADOPTS),
                new Row("GET", "/api/v1/benchmarking-rounds/{roundId}", "/api/v1/benchmarking-rounds/999999", null,
                        null, MANAGER_LISTS),
                new Row("GET", "/api/v1/benchmarking-rounds/{roundId}/units/{unitId}",
                        "/api/v1/benchmarking-rounds/999999/units/" + UNIT, null, null, ORGANISATION_READS),
                new Row("POST", "/api/v1/benchmarking-rounds/{roundId}/answers/{unitId}",
                        "/api/v1/benchmarking-rounds/999999/answers/" + UNIT, JSON, "{\"answer\":\"CONFIRMED\"}",
                        UNIT_APPROVES),
                new Row("POST", "/api/v1/benchmarking-rounds/{roundId}/close",
                        "/api/v1/benchmarking-rounds/999999/close", JSON, "{}", LEADERSHIP_ADOPTS),
                new Row("GET", "/api/v1/benchmarking-rounds/{roundId}/report",
                        "/api/v1/benchmarking-rounds/999999/report", null, null, MANAGER_LISTS),
                // open data for the public results page
                new Row("GET", "/api/v1/public/organisations", "/api/v1/public/organisations", null, null, PUBLIC),
                new Row("GET", "/api/v1/public/organisations/{organisationId}", "/api/v1/public/organisations/org-sus",
                        null, null, PUBLIC),
                new Row("GET", "/api/v1/public/units/{unitId}", "/api/v1/public/units/" + UNIT, null, null, PUBLIC),
                new Row("GET", "/api/v1/public/units/{unitId}/figures",
                        "/api/v1/public/units/" + UNIT + "/figures?measure=first_visits&year=2025", null, null,
                        PUBLIC),
                new Row("GET", "/api/v1/public/key-figures", "/api/v1/public/key-figures", null, null, PUBLIC),
                new Row("GET", "/api/v1/public/approved", "/api/v1/public/approved?organisationId=org-sus", null, null,
                        PUBLIC),
                new Row("GET", "/api/v1/public/approved/units/{unitId}",
                        "/api/v1/public/approved/units/" + UNIT + "?periodKind=MONTH&periodStart=2025-03-01", null,
                        null, PUBLIC),
                new Row("GET", "/api/v1/public/approved/organisations/{organisationId}",
                        "/api/v1/public/approved/organisations/org-sus?periodKind=MONTH&periodStart=2025-03-01",
                        null, null, PUBLIC),
                new Row("GET", "/api/v1/public/approved/regions/{regionId}",
                        "/api/v1/public/approved/regions/r-t?periodKind=MONTH&periodStart=2025-03-01", null, null,
                        PUBLIC),
                new Row("GET", "/api/v1/public/benchmarking-rounds", "/api/v1/public/benchmarking-rounds?regionId=r-t",
                        null, null, PUBLIC),
                new Row("GET", "/api/v1/public/benchmarking-rounds/{roundId}/report",
                        "/api/v1/public/benchmarking-rounds/999999/report?format=html", null, null, PUBLIC),
                new Row("GET", "/api/v1/public/reports/follow-up",
                        "/api/v1/public/reports/follow-up?regionId=r-t&period=2025-T1", null, null, PUBLIC),
                // not in the OpenAPI document, public on purpose (docs/reliability.md: keep /q/ off the internet)
                new Row("GET", "/results/", "/results/", null, null, PUBLIC),
                new Row("GET", "/q/health", "/q/health", null, null, PUBLIC),
                new Row("GET", "/q/health/live", "/q/health/live", null, null, PUBLIC),
                new Row("GET", "/q/health/ready", "/q/health/ready", null, null, PUBLIC),
                new Row("GET", "/q/metrics", "/q/metrics", null, null, PUBLIC),
                new Row("GET", "/q/openapi", "/q/openapi?format=json", null, null, PUBLIC));
    }

    /** Every operation of the running service's OpenAPI document, as "METHOD /path/{template}". */
    private static List<String> documentedOperations() {
        final Map<String, Map<String, Object>> paths = given().when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        final List<String> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(method -> List.of("get", "put", "post", "delete", "patch", "head", "options").contains(method))
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return operations;
    }

    private Response call(final Caller caller, final Row row) {
        final RequestSpecification request = as(caller).redirects().follow(false);
        if (row.contentType() != null) {
            request.contentType(row.contentType()).body(row.body());
        }
        if (row.url().startsWith("/api/v1/actions/")) {
            // Changes must name the version they are based on; without it the answer would be 428 for everyone.
            request.header("If-Match", "\"1\"");
        }
        return request.request(Method.valueOf(row.method()), row.url());
    }

    private RequestSpecification as(final Caller caller) {
        final Function<String, RequestSpecification> person = user -> given().auth().preemptive()
                .basic(user, user + "-pw");
        return switch (caller) {
            case ANONYMOUS -> given();
            case WRONG_PASSWORD -> given().auth().preemptive().basic("pm-sus", "not-the-password");
            case PROVIDER_A -> given().header("Authorization", "Bearer " + tokenA);
            case PROVIDER_B -> given().header("Authorization", "Bearer " + tokenB);
            case ADMIN_KEY -> given().header("X-Admin-Key", IngestHttp.ADMIN_KEY);
            case WRONG_ADMIN_KEY -> given().header("X-Admin-Key", "not-the-admin-key");
            case LEADER -> person.apply("leader");
            case PM_SUS -> person.apply("pm-sus");
            case PM_NOL -> person.apply("pm-nol");
            case OBSERVER -> person.apply("observer");
            case PLANNER -> person.apply("planner");
            case APPROVER_SUS -> person.apply("approver-sus");
        };
    }

    /**
     * Two providers with tokens, provider A's unit in the stream's register and in pks.unit, a credential to revoke,
     * one alert and one action of organisation org-sus.
     */
    private void fixtures() throws SQLException {
        tokenA = IngestHttp.create(PROVIDER_A).token();
        tokenB = IngestHttp.create(PROVIDER_B).token();
        revocable = IngestHttp.create("prov-matrix").credentialId();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,
                                          region_id)
                    VALUES ('sus-ort-mott', 'Ortopedmottagningen', 'prov-sus', 'org-sus', 'Sjöstad', 'PUBLIC', 'r-t')
                    ON CONFLICT DO NOTHING""");
        }
        as(Caller.PLANNER).contentType(JSON).body(unitJson()).when().put("/api/v1/units/" + UNIT)
                .then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                as(Caller.PLANNER).when().get("/api/v1/units").then().statusCode(200).body("unitId", hasItem(UNIT)));
        susAlert = alert();
        susAction = as(Caller.PM_SUS).contentType(JSON).body("""
                {"title":"Matrix action","unitId":"%s","measure":"first_visits","expectedDirection":"INCREASE",\
                "responsible":"klinikchef ortopedi","deadline":"2030-06-30"}""".formatted(UNIT))
                .when().post("/api/v1/actions").then().statusCode(201).extract().jsonPath().getLong("actionId");
    }

    private static String unitJson() {
        return """
                {"unitId":"%s","name":"Ortopedmottagningen","providerId":"%s","organisationId":"org-sus",\
                "organisationName":"Sjöstad","ownership":"PUBLIC","regionId":"r-t"}""".formatted(UNIT, PROVIDER_A);
    }

    private long alert() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO pks.alert (alert_key, condition, unit_id, organisation_id, subject, severity, state,
                                            first_period, last_active_period, last_period, summary)
                     VALUES ('STATUS|sus-ort-mott|matrix', 'STATUS', 'sus-ort-mott', 'org-sus', 'matrix', 'WARNING',
                             'OPEN', DATE '2025-03-03', DATE '2025-03-03', DATE '2025-03-03', 'matrix alert')
                     RETURNING alert_id""");
             ResultSet key = insert.executeQuery()) {
            key.next();
            return key.getLong(1);
        }
    }
}
