package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The accessibility check that PublicResultsPageTest runs on the served pages (AxeCheck: axe-core and the house
 * rules axe has none for), tried on small pages that break one rule each, so an empty list of violations on a real
 * page means something. No service needed.
 */
@ExtendWith(HeadlessChromium.class)
class AccessibilityCheckTest {

    private static final String HEAD = "<!doctype html><html lang=\"en\"><head><title>t</title></head><body><main>";
    private static final String TAIL = "</main></body></html>";

    private static HeadlessChromium.Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aPageThatKeepsTheRulesPasses() {
        assertEquals(List.of(), check(HEAD + "<h1>Title</h1><label for=\"s\">Unit</label><select id=\"s\"></select>"
                + "<svg role=\"img\" aria-labelledby=\"c-t\"><title id=\"c-t\">A chart</title></svg>"
                + "<ul aria-hidden=\"true\"><li><svg></svg></li></ul>" + TAIL));
    }

    @Test
    void eachBrokenRuleIsReportedByItsRule() {
        assertEquals(List.of("html-has-lang"),
                rules("<!doctype html><html><head><title>t</title></head><body><main><h1>T</h1></main></body></html>"));
        assertEquals(List.of("document-title"),
                rules("<!doctype html><html lang=\"en\"><head></head><body><main><h1>T</h1></main></body></html>"));
        assertEquals(List.of("expected exactly one h1, found 2"), rules(HEAD + "<h1>A</h1><h1>B</h1>" + TAIL));
        assertEquals(List.of("heading-order"), rules(HEAD + "<h1>A</h1><h3>Deep</h3>" + TAIL));
        assertEquals(List.of("select-name"), rules(HEAD + "<h1>A</h1><select id=\"s\"></select>" + TAIL));
        assertEquals(List.of("svg neither hidden nor role=\"img\""), rules(HEAD + "<h1>A</h1><svg></svg>" + TAIL));
        assertEquals(List.of("svg-img-alt"), rules(HEAD + "<h1>A</h1><svg role=\"img\"></svg>" + TAIL));
        assertEquals(List.of("color-contrast"),
                rules(HEAD + "<h1>A</h1><p style=\"color:#999999\">faint</p>" + TAIL));
        assertEquals(List.of("landmark-one-main"),
                rules("<!doctype html><html lang=\"en\"><head><title>t</title></head><body><h1>A</h1></body></html>"));
    }

    @Test
    void aViolationNamesTheFailingElements() {
        assertEquals(List.of("select-name: Select element must have an accessible name [#unit]"),
                check(HEAD + "<h1>A</h1><select id=\"unit\"></select>" + TAIL));
    }

    /** The rule of each violation: axe's rule id, or a house rule's message up to its colon. */
    private static List<String> rules(final String html) {
        return check(html).stream().map(violation -> violation.split(":")[0]).toList();
    }

    private static List<String> check(final String html) {
        browser.driver().get("data:text/html;charset=utf-8," + URLEncoder.encode(html, StandardCharsets.UTF_8)
                .replace("+", "%20"));
        return AxeCheck.violations(browser.driver());
    }
}
