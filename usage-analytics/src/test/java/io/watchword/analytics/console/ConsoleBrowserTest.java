package io.watchword.analytics.console;

import static io.restassured.RestAssured.given;
import static io.watchword.analytics.console.ConsoleFixtures.alert;
import static io.watchword.analytics.console.ConsoleFixtures.newCredentialId;
import static io.watchword.analytics.console.ConsoleFixtures.newTenant;
import static io.watchword.analytics.console.ConsoleFixtures.publish;
import static io.watchword.analytics.console.ConsoleFixtures.published;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.watchword.analytics.it.AnalyticsTestResource;
import io.watchword.events.v1.AnomalyDetected;
import io.watchword.events.v1.Severity;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * driven by Selenium: sign in, an alert published to Kafka appears live, a triage action takes
 * effect, and every page is screenshotted under {@code target/console-screenshots}. Skipped only
 * where Chromium is not installed, unless {@code WATCHWORD_BROWSER_REQUIRED=true} (CI sets it, and
 * {@code .ci/run} installs the packages) makes a missing browser a failure (decision 0162).
 */
@QuarkusTest
@QuarkusTestResource(value = AnalyticsTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("watchword.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("watchword.test.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SHOTS = Path.of("target", "console-screenshots");

    @TestHTTPResource("/console/")
    URL console;

    private ChromeDriver browser;
    private Path profile;

    @BeforeAll
    void startChromium() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && Boolean.parseBoolean(System.getenv("WATCHWORD_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("Chromium is required here but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(
                installed,
                "Skipped: no Chromium on this machine (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "). Install Debian's chromium and chromium-driver to run the browser test;"
                        + " CI installs them (.ci/run).");
        Files.createDirectories(SHOTS);
        profile = Files.createTempDirectory(Path.of("target"), "chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The Debian driver, never Selenium Manager (it would try to download one).
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void analystSignsInSeesANewAlertLiveAcknowledgesItAndEveryPageIsScreenshotted() throws IOException {
        ConsoleFixtures.Tenant t = newTenant();
        String key = newCredentialId();
        AnomalyDetected earlier =
                published(alert(t.id(), key, Severity.MEDIUM, Instant.now().minusSeconds(600)));
        WebDriverWait wait = waitFor(browser);

        browser.get(console.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-key")));
        screenshot("01-sign-in");
        browser.findElement(By.id("admin-key")).sendKeys(t.adminKey());
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("alert-" + earlier.eventId())));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        assertThat(browser.getCurrentUrl()).doesNotContain(t.adminKey());

        AnomalyDetected fresh = alert(t.id(), key, Severity.CRITICAL, Instant.now());
        publish(fresh);
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("alert-" + fresh.eventId())));
        assertThat(row.getText()).contains("CRITICAL").contains(key);
        assertThat(browser.findElements(By.cssSelector("#alerts-table tbody tr"))
                        .get(0)
                        .getAttribute("id"))
                .as("the live alert goes on top")
                .isEqualTo("alert-" + fresh.eventId());
        screenshot("02-alerts-live");

        row.findElement(By.linkText("rate-spike")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("alert-detail"), "data-status", "OPEN"));
        assertThat(browser.findElement(By.id("alert-detail")).getText())
                .contains(fresh.eventId().toString());
        browser.findElement(By.id("acknowledge")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("alert-detail"), "data-status", "ACKNOWLEDGED"));
        assertThat(browser.findElement(By.id("triage")).getText()).contains("acknowledge");
        screenshot("03-alert-acknowledged");
        given().auth()
                .oauth2(t.adminKey())
                .get("/v1/alerts/" + fresh.eventId())
                .then()
                .statusCode(200)
                .body("alert.status", org.hamcrest.Matchers.equalTo("ACKNOWLEDGED"));

        browser.findElement(By.cssSelector("#alert-detail a.mono")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#usage svg.chart")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#scope-advice dl, #scope-advice p")));
        assertThat(browser.findElements(By.cssSelector("#alerts-table tbody tr")))
                .hasSize(2);
        screenshot("04-key");

        browser.findElement(By.cssSelector("#nav a[data-route=hygiene]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#stale-keys table, #stale-keys p + p")));
        // The tenant's hygiene policy and its pending notices are on the same page (0218).
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#hygiene-notices table, #hygiene-notices p + p")));
        screenshot("05-hygiene");

        List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getMessage().contains("Content Security Policy")
                        || e.getMessage().contains("Uncaught"))
                .toList();
        assertThat(problems).as("no CSP violation and no script error").isEmpty();
    }

    @Test
    void anAuditorSeesTheAlertButNoTriageAction() throws IOException {
        ConsoleFixtures.Tenant t = newTenant();
        String auditor = ConsoleFixtures.adminKey(t, "audit:read");
        AnomalyDetected a = published(alert(t.id(), newCredentialId(), Severity.HIGH, Instant.now()));
        WebDriverWait wait = waitFor(browser);
        browser.get(console.toString());
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-key")));
        browser.findElement(By.id("admin-key")).sendKeys(auditor);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("alert-" + a.eventId())));
        browser.get(console.toString() + "#/alerts/" + a.eventId());
        wait.until(ExpectedConditions.attributeToBe(By.id("alert-detail"), "data-status", "OPEN"));
        assertThat(browser.findElements(By.id("acknowledge"))).isEmpty();
        assertThat(browser.findElement(By.id("triage")).getText()).contains("analyst role");
        screenshot("06-alert-as-auditor");
    }

    private void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A wait that looks an element up again when the page re-rendered it between lookup and read
     * (the console redraws a pane when the live feed or a triage answer arrives).
     */
    private static WebDriverWait waitFor(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }
}
