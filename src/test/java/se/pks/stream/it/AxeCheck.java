package se.pks.stream.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core, the accessibility engine the field uses, in the page the browser shows: the WCAG 2.1 A and AA rules,
 * plus three of axe's best-practice rules the pages keep (a main landmark, an h1, no skipped heading level). axe is
 * injected from the test class path (com.deque.html.axe-core:selenium bundles axe.min.js), so no network is needed.
 * What axe has no rule for is checked by accessibility-check.js; {@link #violations} returns both.
 */
final class AxeCheck {

    private static final String AXE = resource("/axe.min.js");
    private static final String HOUSE_RULES = resource("/accessibility-check.js");
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            (async () => {
              const wcag = await axe.run(document, {runOnly: {type: 'tag',
                  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']});
              const kept = await axe.run(document, {runOnly: {type: 'rule',
                  values: ['landmark-one-main', 'page-has-heading-one', 'heading-order']},
                  resultTypes: ['violations']});
              return wcag.violations.concat(kept.violations).map((v) => ({id: v.id, help: v.help,
                  targets: v.nodes.map((node) => node.target.join(' '))}));
            })().then(done, (error) => done([{id: 'axe-error', help: String(error), targets: []}]));
            """;

    private AxeCheck() {
    }

    /** One line per violation: axe's rule id, what it asks for, and the selectors of the failing elements. */
    @SuppressWarnings("unchecked")
    static List<String> violations(final WebDriver driver) {
        final JavascriptExecutor page = (JavascriptExecutor) driver;
        page.executeScript(AXE);
        final List<String> violations = new ArrayList<>();
        for (final Map<String, Object> violation : (List<Map<String, Object>>) page.executeAsyncScript(RUN)) {
            violations.add(violation.get("id") + ": " + violation.get("help") + " " + violation.get("targets"));
        }
        violations.addAll((List<String>) page.executeScript(HOUSE_RULES));
        return violations;
    }

    private static String resource(final String name) {
        try (InputStream script = AxeCheck.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(script, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
