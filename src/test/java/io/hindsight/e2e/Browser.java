package io.hindsight.e2e;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real headless Chromium for page tests, driven through Selenium with Debian's chromium and
 * chromedriver (nothing is downloaded at test time). Without a browser the test is skipped with a
 * message, except in CI ({@code CI=true}), where a missing browser is a failure.
 */
public final class Browser implements AutoCloseable {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Opens Chromium against the portal at {@code baseUrl}, or skips/fails the test as explained above. */
    public static Browser open(String baseUrl) {
        Optional<String> browser = find("HINDSIGHT_CHROMIUM", BROWSERS);
        Optional<String> chromedriver = find("HINDSIGHT_CHROMEDRIVER", DRIVERS);
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            String message = "Browser tests need Chromium and ChromeDriver (Debian: apt-get install chromium chromium-driver; "
                    + "or set HINDSIGHT_CHROMIUM and HINDSIGHT_CHROMEDRIVER). Found browser=" + browser.orElse("none")
                    + ", driver=" + chromedriver.orElse("none") + ".";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + " In CI a missing browser is a failure; .ci/run installs it.");
            }
            Assumptions.abort(message + " Skipping.");
        }
        try {
            Path profile = Files.createTempDirectory("hindsight-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser.get());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver.get()))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile, baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> find(String env, List<String> candidates) {
        String configured = System.getenv(env);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured).filter(p -> new File(p).canExecute());
        }
        return candidates.stream().filter(p -> new File(p).canExecute()).findFirst();
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser go(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    public WebElement find(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(by));
    }

    /** Fills in the login form the browser is on and waits until it has left the login page. */
    public Browser signInHere(String email, String password) {
        find(By.id("email")).sendKeys(email);
        find(By.id("password")).sendKeys(password);
        find(By.cssSelector("form button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !path().startsWith("/login"));
        return this;
    }

    /** Waits (up to 10 s) until the browser shows a page whose path ends with {@code suffix}. */
    public Browser waitForPath(String suffix) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> path().split("[?#]")[0].endsWith(suffix));
        return this;
    }

    /**
     * Waits (up to 10 s) until an element matching {@code by} shows {@code text}. Elements of the page
     * being left can vanish mid-check while the next one loads; such checks simply count as "not yet".
     */
    public WebElement waitForText(By by, String text) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(d -> d.findElements(by).stream().filter(e -> e.getText().contains(text)).findFirst().orElse(null));
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String path() {
        return driver.getCurrentUrl().replace(baseUrl, "");
    }

    /** Saves what the page looks like now under {@code target/screenshots/}. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path target = dir.resolve(name + ".png");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // A leftover temporary profile is harmless.
        }
    }
}
