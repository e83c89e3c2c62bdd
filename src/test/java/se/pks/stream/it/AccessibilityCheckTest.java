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
 * The accessibility check that PublicResultsPageTest runs on the results page, tried on small pages that break one
 * rule each, so an empty list of violations on the real page means something. No service needed.
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
    void eachBrokenRuleIsReported() {
        assertEquals(List.of("html has no lang attribute"),
                check("<!doctype html><html><head><title>t</title></head><body><main><h1>T</h1></main></body></html>"));
        assertEquals(List.of("expected exactly one h1, found 2"), check(HEAD + "<h1>A</h1><h1>B</h1>" + TAIL));
        assertEquals(List.of("heading level skipped: H3 \"Deep\" after h1"),
                check(HEAD + "<h1>A</h1><h3>Deep</h3>" + TAIL));
        assertEquals(List.of("form control without a label: select#s"),
                check(HEAD + "<h1>A</h1><select id=\"s\"></select>" + TAIL));
        assertEquals(List.of("svg neither hidden nor role=\"img\": svg", "svg without an accessible name: svg"),
                check(HEAD + "<h1>A</h1><svg></svg>" + TAIL));
        assertEquals(List.of("contrast 2.85:1 too low for \"faint\" (p)"),
                check(HEAD + "<h1>A</h1><p style=\"color:#999999\">faint</p>" + TAIL));
        assertEquals(List.of("expected exactly one main landmark"),
                check("<!doctype html><html lang=\"en\"><head><title>t</title></head><body><h1>A</h1></body></html>"));
    }

    private static List<String> check(final String html) {
        browser.driver().get("data:text/html;charset=utf-8," + URLEncoder.encode(html, StandardCharsets.UTF_8)
                .replace("+", "%20"));
        return PublicResultsPageTest.accessibilityViolations(browser.driver());
    }
}
