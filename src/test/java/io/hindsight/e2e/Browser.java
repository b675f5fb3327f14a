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
import java.util.Map;
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

    /**
     * Lays pages out as a screen of {@code width} × {@code height} CSS pixels (a desktop viewport: no
     * zooming out to fit, so a page that is too wide scrolls sideways as it would on a phone).
     */
    public Browser viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        return this;
    }

    /** How wide the page is against the window, and what sticks out when it is too wide. */
    public record Width(long scroll, long inner, long client, String widest) {
        /** Nothing scrolls sideways: the page is no wider than the window without its scrollbar. */
        public boolean fits() {
            return scroll <= inner && scroll <= client;
        }
    }

    /** Measures the page that is open now; {@link Width#widest()} names the innermost elements sticking out. */
    @SuppressWarnings("unchecked")
    public Width width() {
        Map<String, Object> m = (Map<String, Object>) driver.executeScript("""
                const root = document.documentElement, limit = root.clientWidth + 0.5;
                const out = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > limit);
                const innermost = out.filter(e => !out.some(o => o !== e && e.contains(o))).slice(0, 6).map(e =>
                    e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                    + ' (right ' + Math.round(e.getBoundingClientRect().right) + ')');
                return {scroll: root.scrollWidth, inner: window.innerWidth, client: root.clientWidth, widest: innermost.join(', ')};
                """);
        return new Width(((Number) m.get("scroll")).longValue(), ((Number) m.get("inner")).longValue(),
                ((Number) m.get("client")).longValue(), String.valueOf(m.get("widest")));
    }

    /** Into how many lines the visible children of the first element matching {@code css} are laid out. */
    public long rowsOf(String css) {
        Object rows = driver.executeScript("""
                const boxes = [...document.querySelector(arguments[0]).children].map(c => c.getBoundingClientRect())
                    .filter(r => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
                let rows = 0, bottom = -Infinity;
                for (const r of boxes) { if (r.top >= bottom - 1) { rows++; bottom = r.bottom; } else { bottom = Math.max(bottom, r.bottom); } }
                return rows;
                """, css);
        return ((Number) rows).longValue();
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

    /** Saves the whole page, below the fold too, under {@code target/screenshots/}. */
    @SuppressWarnings("unchecked")
    public Path screenshotWholePage(String name) {
        Number width = (Number) driver.executeScript("return window.innerWidth");
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            return Files.write(dir.resolve(name + ".png"), java.util.Base64.getDecoder().decode((String) shot.get("data")));
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
