package se.pks.stream.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium (Debian packages {@code chromium} and {@code chromium-driver}), driven headless through its
 * own chromedriver; Selenium is never allowed to download a browser or driver.
 *
 * <p>As a JUnit condition it skips a browser test on a machine without Chromium, with a message saying how to get
 * it, unless {@value #REQUIRED_VARIABLE}={@value #REQUIRED} is set (CI sets it): then the test runs and fails,
 * so a CI image that lost its browser cannot pass silently. The condition is evaluated before Quarkus starts, so a
 * skipped test costs nothing.
 */
public final class HeadlessChromium implements ExecutionCondition {

    public static final String REQUIRED_VARIABLE = "PKS_BROWSER_TESTS";
    public static final String REQUIRED = "required";
    static final Path BROWSER = Path.of(System.getProperty("pks.test.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("pks.test.chromedriver", "/usr/bin/chromedriver"));

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(final ExtensionContext context) {
        if (installed()) {
            return ConditionEvaluationResult.enabled("Chromium found at " + BROWSER);
        }
        if (required()) {
            return ConditionEvaluationResult.enabled(REQUIRED_VARIABLE + "=" + REQUIRED + ": the test must fail");
        }
        return ConditionEvaluationResult.disabled("Browser test skipped: no " + BROWSER + " and " + DRIVER
                + ". Install them with `apt-get install chromium chromium-driver`; CI sets " + REQUIRED_VARIABLE
                + "=" + REQUIRED + " to fail instead of skipping.");
    }

    static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    static boolean required() {
        return REQUIRED.equalsIgnoreCase(System.getenv(REQUIRED_VARIABLE));
    }

    /** A running browser and its profile directory, both gone after {@link #close()}. */
    record Browser(ChromeDriver driver, Path profile) implements AutoCloseable {

        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                deleteQuietly(profile);
            }
        }
    }

    /** A new headless browser with a fresh profile directory, so no earlier run's cache or storage leaks in. */
    static Browser start() {
        if (!installed()) {
            throw new IllegalStateException(REQUIRED_VARIABLE + "=" + REQUIRED + " but Chromium is not installed: "
                    + BROWSER + " and " + DRIVER + " are needed (apt-get install chromium chromium-driver)");
        }
        final Path profile;
        try {
            profile = Files.createTempDirectory("pks-chromium-profile");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,2000", "--user-data-dir=" + profile);
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        final ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    private static void deleteQuietly(final Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException e) {
            // a leftover profile in the temp directory harms nothing
        }
    }
}
