package se.pks.stream.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import se.pks.stream.topics.Topic;
import se.pks.stream.topics.Topics;

/**
 * The public results page in a real headless Chromium against the demo region: a visitor picks an organisation and
 * a unit with the keyboard, and the page draws exactly the weeks the public API publishes, with a text alternative
 * for every chart and a note beside the charts for every week the data-quality register has a deficiency for.
 */
@QuarkusTest
@TestProfile(DemoRegionProfile.class)
@QuarkusTestResource(value = EmbeddedInfrastructureResource.class, restrictToAnnotatedClass = true)
class PublicResultsPageTest {

    private static final Duration SETTLED_WITHIN = Duration.ofMinutes(4);
    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);
    private static final String WAITING_MEASURE = "guarantee_compliance";

    @TestHTTPResource("/results/")
    URL page;

    @TestHTTPResource("/")
    URL root;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void readProblemDetailsAsJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @Test
    @ExtendWith(HeadlessChromium.class)
    void aVisitorChoosesAUnitWithTheKeyboardAndSeesItsPublishedWeeksAndDeficiencies() {
        // Given the demo region processed and its ended months approved: the second organisation's second unit (the
        // page lists both by name).
        final JsonPath organisations = awaitOrganisations();
        final String organisationId = organisations.getString("organisations[1].organisationId");
        final String firstUnitId = organisations.getString("organisations[1].units[0].unitId");
        final String unitId = organisations.getString("organisations[1].units[1].unitId");
        awaitSettled();
        new SettledDemo(dataSource, bootstrapServers, applicationId).awaitApprovals();
        // the last tertial that ended, which the demo approved with its months (the key figures compare it)
        final LocalDate tertial = lastEndedTertial(LocalDate.parse(organisations.getString("asOf")));

        try (HeadlessChromium.Browser browser = HeadlessChromium.start()) {
            final WebDriver driver = browser.driver();
            driver.get(page.toString());
            awaitShown(driver, organisations.getString("organisations[0].units[0].unitId"));

            // When: Tab past the skip link to the organisation list, arrow down; Tab to the unit list, arrow down.
            final Actions keyboard = new Actions(driver);
            keyboard.sendKeys(Keys.TAB).sendKeys(Keys.TAB).perform();
            assertEquals("organisation", driver.switchTo().activeElement().getAttribute("id"));
            keyboard.sendKeys(Keys.ARROW_DOWN).perform();
            awaitShown(driver, firstUnitId);
            assertEquals(organisationId, attribute(driver, "#organisation-results", "data-organisation"));
            keyboard.sendKeys(Keys.TAB).perform();
            assertEquals("unit", driver.switchTo().activeElement().getAttribute("id"));
            keyboard.sendKeys(Keys.ARROW_DOWN).perform();
            awaitShown(driver, unitId);

            // Then: the charts show what the API publishes for the unit, point for point. In January and February no
            // week of the year has been approved yet (the demo leaves the last ended month for a person): then the
            // visitor first picks last year (Tab past the measure list, arrow down).
            final String measure = driver.findElement(By.id("measure")).getAttribute("value");
            final String thisYear = driver.findElement(By.id("year")).getAttribute("value");
            final boolean thisYearPublished = !figures(unitId, measure, thisYear).getList("weeks").isEmpty();
            final String year = thisYearPublished ? thisYear : String.valueOf(Integer.parseInt(thisYear) - 1);
            if (!thisYearPublished) {
                pickLastYear(driver, keyboard, year);
            }
            final JsonPath figures = figures(unitId, measure, year);
            final List<Map<String, Object>> weeks = figures.getList("weeks");
            assertFalse(weeks.isEmpty(), "the demo unit has weekly figures of " + measure);
            assertEquals(weeksWith(weeks, "actual"), dataWeeks(driver, "#weekly-chart rect.bar.point"),
                    "one bar per published week with an outcome");
            assertEquals(weeksWith(weeks, "planned").size(),
                    driver.findElements(By.cssSelector("#weekly-chart circle.plan-point")).size(),
                    "one plan marker per planned week");
            if ("COUNT".equals(figures.getString("kind"))) {
                assertEquals(weeksWith(weeks, "actual"), dataWeeks(driver, "#cumulative-chart circle.point"));
            }
            assertEquals(weeks.size(), driver.findElements(By.cssSelector("#weekly-table tbody tr")).size(),
                    "the data table lists every published week");

            // Deficiencies: a marker in the chart and a note beside it for exactly the weeks that have them.
            final List<String> deficient = weeksWithDeficiencies(weeks);
            assertFalse(deficient.isEmpty(), "the demo region has known deficiencies for this unit");
            assertEquals(deficient, dataWeeks(driver, "#weekly-deficiencies li.deficiency-note"));
            assertEquals(deficient, dataWeeks(driver, "#weekly-chart path.deficiency-marker"));
            final Map<String, Object> firstDeficient = weeks.stream()
                    .filter(week -> deficient.get(0).equals(week.get("weekStart"))).findFirst().orElseThrow();
            final String note = driver.findElement(By.cssSelector(
                    "#weekly-deficiencies li.deficiency-note[data-week='" + deficient.get(0) + "']")).getText();
            assertTrue(note.startsWith("Week " + firstDeficient.get("isoWeek") + " ("), note);
            assertEquals(((List<?>) firstDeficient.get("deficiencies")).size(), driver.findElements(By.cssSelector(
                    "#weekly-deficiencies li.deficiency-note[data-week='" + deficient.get(0) + "'] li")).size());

            // The waiting list's care-guarantee chart, when the unit keeps a waiting list.
            final JsonPath unit = given().get("/api/v1/public/units/" + unitId).then().statusCode(200).extract()
                    .jsonPath();
            if (unit.getList("measures.measure").contains(WAITING_MEASURE)) {
                final JsonPath waitingFigures = figures(unitId, WAITING_MEASURE, year);
                final List<Map<String, Object>> waiting = waitingFigures.getList("weeks");
                assertEquals(weeksWith(waiting, "actual"), dataWeeks(driver, "#waiting-chart circle.point"));
                // the region's default threshold for the share is a value (0.8): drawn as the goal line
                assertEquals("VALUE", waitingFigures.getString("threshold.basis"));
                assertEquals(1, driver.findElements(By.cssSelector("#waiting-chart line.goal")).size());
                assertEquals(weeksWithDeficiencies(waiting),
                        dataWeeks(driver, "#waiting-deficiencies li.deficiency-note"));
            }
            assertEquals(unit.getList("yearToDate").size(),
                    driver.findElements(By.cssSelector("#unit-year-to-date tbody tr")).size());
            // The demo approved every ended month but the last (left for the README's example): the year to date
            // runs through the month before last, when that is in this year (in January and February it is not,
            // and the page says nothing of the year is approved yet).
            final LocalDate asOf = LocalDate.parse(organisations.getString("asOf"));
            final LocalDate approvedThrough = asOf.withDayOfMonth(1).minusMonths(1).minusDays(1);
            final String expectedThrough = approvedThrough.getYear() == asOf.getYear() ? approvedThrough.toString()
                    : null;
            assertEquals(expectedThrough, unit.getString("approvedThrough"));
            assertEquals(expectedThrough, attribute(driver, "#unit-results", "data-approved-through"));
            assertEquals(expectedThrough, attribute(driver, "#organisation-results", "data-approved-through"));
            if (expectedThrough != null) {
                assertFalse(unit.getList("yearToDate").isEmpty(), "the demo unit has plans this year");
                assertTrue(textOf(driver, "#unit-results .approved-through").startsWith("Approved figures through "),
                        textOf(driver, "#unit-results .approved-through"));
            }
            // No published week ends after the last approved month.
            assertTrue(weeks.stream().allMatch(week -> LocalDate.parse((String) week.get("weekStart")).plusDays(6)
                    .isBefore(approvedThrough.plusDays(1))), "weeks of approved months only");

            // The unit's newest approved period as the public API publishes it (the demo's months, or its last
            // tertial when that is newer): a row per plan compared with, and the value of each measure without a
            // plan, none changed since
            final Map<String, Object> newest = given().get("/api/v1/public/approved?organisationId=" + organisationId
                    + "&unitId=" + unitId).then().statusCode(200).extract().jsonPath().getMap("[0]");
            final String newestPeriod = newest.get("periodKind") + " " + newest.get("periodStart");
            new WebDriverWait(driver, PAGE_WAIT).until(d -> newestPeriod.equals(
                    attribute(d, "#approved-results", "data-period")));
            final List<Map<String, Object>> approved = given().get("/api/v1/public/approved/units/" + unitId
                    + "?periodKind=" + newest.get("periodKind") + "&periodStart=" + newest.get("periodStart"))
                    .then().statusCode(200).extract().jsonPath().getList("figures");
            final List<Object> planned = approved.stream().filter(f -> f.get("planKind") != null)
                    .map(f -> f.get("measure")).toList();
            assertFalse(planned.isEmpty(), "the demo unit has plans in the period");
            assertEquals(approved.stream().filter(f -> f.get("planKind") != null || !planned.contains(f.get("measure")))
                            .map(f -> (String) f.get("measure")).toList(),
                    driver.findElements(By.cssSelector("#approved-table tbody tr")).stream()
                            .map(row -> row.getAttribute("data-measure")).toList());
            assertEquals(List.of(), driver.findElements(By.cssSelector("#approved-table tr[data-changed='true']")));

            // The key figures of the organisation's region for the last complete tertial, unit for unit and in the
            // order the public API gives them, the unit chosen above named in its row.
            final JsonPath keyFigures = given().get("/api/v1/public/key-figures?organisationId=" + organisationId)
                    .then().statusCode(200).extract().jsonPath();
            assertEquals("TERTIAL", keyFigures.getString("periodKind"));
            assertEquals(tertial.toString(), keyFigures.getString("periodStart"));
            assertTrue(keyFigures.getString("periodEnd").compareTo(keyFigures.getString("asOf")) < 0,
                    "the tertial published has ended: " + keyFigures.getString("periodEnd"));
            assertFalse(keyFigures.getList("keyFigures").isEmpty(), "the demo region has key figures last tertial");
            assertEquals(keyFigures.getString("keyFigures[0].keyFigure"),
                    attribute(driver, "#key-figure-results", "data-key-figure"));
            final List<String> ranked = keyFigures.getList("keyFigures[0].units.unitId");
            assertEquals(ranked, driver.findElements(By.cssSelector("#key-figure-table tbody tr")).stream()
                    .map(row -> row.getAttribute("data-unit")).toList());
            assertEquals(ranked.contains(unitId) ? List.of(unitId) : List.of(),
                    driver.findElements(By.cssSelector("#key-figure-table tr.chosen")).stream()
                            .map(row -> row.getAttribute("data-unit")).toList());
            assertEquals(3, driver.findElements(By.cssSelector("#key-figure-summary tbody tr")).size(),
                    "the region, its own units and its private providers");

            // Every chart is an image with a title and a description a screen reader can read.
            final List<WebElement> charts = driver.findElements(By.cssSelector("svg.chart"));
            assertTrue(charts.size() >= 2, "weekly charts drawn: " + charts.size());
            for (final WebElement chart : charts) {
                assertEquals("img", chart.getAttribute("role"));
                final String id = chart.getAttribute("id");
                assertEquals(id + "-title " + id + "-desc", chart.getAttribute("aria-labelledby"));
                assertFalse(textOf(driver, "#" + id + " > title").isBlank(), id + " has a title");
                assertTrue(textOf(driver, "#" + id + " > desc").contains("week"), id + " has a description");
            }

            assertEquals(List.of(), AxeCheck.violations(driver), "axe-core and the house rules on the results page");

            // The year list offers last year next: Tab past the measure list, arrow down, and last year is drawn: the
            // weeks of the approved months in it (the demo approved the units' last twelve months but the last).
            if (thisYearPublished) {
                final String lastYear = String.valueOf(Integer.parseInt(year) - 1);
                pickLastYear(driver, keyboard, lastYear);
                final List<Map<String, Object>> lastYearsWeeks = figures(unitId, measure, lastYear).getList("weeks");
                assertTrue(lastYearsWeeks.size() >= 4, "at least a month of weeks: " + lastYearsWeeks.size());
                assertEquals(weeksWith(lastYearsWeeks, "actual"), dataWeeks(driver, "#weekly-chart rect.bar.point"));
                assertEquals(weeksWithDeficiencies(lastYearsWeeks),
                        dataWeeks(driver, "#weekly-deficiencies li.deficiency-note"));
            }
        }
    }

    /**
     * Every HTML page the service serves (each .html of META-INF/resources, so a new page is checked without a
     * change here) passes axe-core and the house rules as it first appears, once its data has loaded.
     */
    @Test
    @ExtendWith(HeadlessChromium.class)
    void everyServedPageHasNoAccessibilityViolations() throws IOException {
        awaitOrganisations();
        final Path served = Path.of("src/main/resources/META-INF/resources");
        final List<String> pages;
        try (Stream<Path> files = Files.walk(served)) {
            pages = files.filter(file -> file.toString().endsWith(".html"))
                    .map(file -> served.relativize(file).toString().replace('\\', '/')
                            .replaceFirst("index\\.html$", ""))
                    .sorted().toList();
        }
        assertFalse(pages.isEmpty(), "pages found under " + served);
        try (HeadlessChromium.Browser browser = HeadlessChromium.start()) {
            final WebDriver driver = browser.driver();
            for (final String path : pages) {
                driver.get(root + path);
                new WebDriverWait(driver, PAGE_WAIT).until(d -> "complete".equals(((JavascriptExecutor) d)
                        .executeScript("return document.readyState")) && !"loading".equals(attribute(d, "body",
                        "data-state")));
                assertEquals(List.of(), AxeCheck.violations(driver), "axe-core and the house rules on /" + path);
            }
        }
    }

    @Test
    void wrongParametersAreAnsweredWithProblemDetailsNamingThem() {
        final String unitId = awaitOrganisations().getString("organisations[0].units[0].unitId");
        given().get("/api/v1/public/units/" + unitId + "/figures?measure=bed_count")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("measure"));
        given().get("/api/v1/public/units/" + unitId + "/figures")
                .then().statusCode(400).body("errors[0].field", equalTo("measure"));
        given().get("/api/v1/public/units/" + unitId + "/figures?measure=operations&year=twenty")
                .then().statusCode(400).body("errors[0].field", equalTo("year"));
        given().get("/api/v1/public/units/" + unitId + "/figures?measure=operations&year=1999")
                .then().statusCode(400).body("errors[0].field", equalTo("year"));
        given().get("/api/v1/public/units/no-such-unit/figures?measure=operations")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/public/organisations/no-such-organisation")
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/public/key-figures?organisationId=no-such-organisation")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static JsonPath awaitOrganisations() {
        final AtomicReference<JsonPath> found = new AtomicReference<>();
        Awaitility.await().atMost(SETTLED_WITHIN).pollInterval(Duration.ofSeconds(2)).until(() -> {
            final JsonPath json = given().get("/api/v1/public/organisations").then().statusCode(200).extract()
                    .jsonPath();
            found.set(json);
            return json.getList("organisations").size() >= 2
                    && json.getList("organisations[1].units").size() >= 2;
        });
        return found.get();
    }

    /**
     * The demo region is on the event topics when the service has started, but the stream and the database sink are
     * still working through it. Settled: the stream has consumed every event topic to its end, and the sink has
     * written nothing more over three polls a few seconds apart (it writes within a second of any change).
     */
    private void awaitSettled() {
        final List<Long> sinkPositions = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Awaitility.await().atMost(SETTLED_WITHIN).pollInterval(Duration.ofSeconds(3)).until(() -> {
                sinkPositions.add(unconsumedEvents(admin) == 0 ? sinkPosition() : -1L);
                final int n = sinkPositions.size();
                return n >= 3 && sinkPositions.get(n - 1) > 0
                        && sinkPositions.get(n - 1).equals(sinkPositions.get(n - 2))
                        && sinkPositions.get(n - 2).equals(sinkPositions.get(n - 3));
            });
        }
    }

    private long unconsumedEvents(final Admin admin) throws Exception {
        final List<String> topics = Stream.of(Topics.VISITS, Topics.OPERATIONS, Topics.BED_OCCUPANCY,
                Topics.WAITING_LIST, Topics.PLANS).map(Topic::name).toList();
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(description ->
                description.partitions().forEach(partition -> latest.put(
                        new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest())));
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        long unconsumed = 0;
        for (final Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end
                : admin.listOffsets(latest).all().get().entrySet()) {
            final OffsetAndMetadata position = committed.get(end.getKey());
            unconsumed += end.getValue().offset() - (position == null ? 0 : position.offset());
        }
        return unconsumed;
    }

    private long sinkPosition() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM pks.sink_offset")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The first day of the last tertial (January-April, May-August, September-December) that ended before today. */
    private static LocalDate lastEndedTertial(final LocalDate today) {
        final LocalDate current = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 4 * 4 + 1);
        return current.minusMonths(4);
    }

    private static JsonPath figures(final String unitId, final String measure, final String year) {
        return given().get("/api/v1/public/units/" + unitId + "/figures?measure=" + measure + "&year=" + year)
                .then().statusCode(200).extract().jsonPath();
    }

    /** From the unit list, Tab past the measure list to the year list, arrow down: last year is drawn. */
    private static void pickLastYear(final WebDriver driver, final Actions keyboard, final String lastYear) {
        keyboard.sendKeys(Keys.TAB).sendKeys(Keys.TAB).perform();
        assertEquals("year", driver.switchTo().activeElement().getAttribute("id"));
        keyboard.sendKeys(Keys.ARROW_DOWN).perform();
        new WebDriverWait(driver, PAGE_WAIT).until(d -> "ready".equals(attribute(d, "body", "data-state"))
                && lastYear.equals(attribute(d, "#weekly-results", "data-year")));
    }

    /** The page has finished drawing the unit: every load ends with data-state ready. */
    private static void awaitShown(final WebDriver driver, final String unitId) {
        new WebDriverWait(driver, PAGE_WAIT).until(d -> {
            final String state = attribute(d, "body", "data-state");
            if ("error".equals(state)) {
                throw new AssertionError("the page failed: " + textOf(d, "#status"));
            }
            return "ready".equals(state) && unitId.equals(attribute(d, "#unit-results", "data-unit"))
                    && unitId.equals(attribute(d, "#weekly-results", "data-unit"));
        });
    }

    private static List<String> weeksWith(final List<Map<String, Object>> weeks, final String field) {
        return weeks.stream().filter(week -> week.get(field) != null).map(week -> (String) week.get("weekStart"))
                .toList();
    }

    private static List<String> weeksWithDeficiencies(final List<Map<String, Object>> weeks) {
        return weeks.stream().filter(week -> !((List<?>) week.get("deficiencies")).isEmpty())
                .map(week -> (String) week.get("weekStart")).toList();
    }

    private static List<String> dataWeeks(final WebDriver driver, final String selector) {
        return driver.findElements(By.cssSelector(selector)).stream()
                .map(element -> element.getAttribute("data-week")).toList();
    }

    private static String attribute(final WebDriver driver, final String selector, final String name) {
        final List<WebElement> found = driver.findElements(By.cssSelector(selector));
        return found.isEmpty() ? null : found.get(0).getAttribute(name);
    }

    /** textContent, not getText: a chart's title and desc are not rendered, so WebDriver sees no visible text. */
    private static String textOf(final WebDriver driver, final String selector) {
        return Objects.toString(((JavascriptExecutor) driver).executeScript(
                "const n = document.querySelector(arguments[0]); return n ? n.textContent : '';", selector), "");
    }
}
