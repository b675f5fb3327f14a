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

    /** One accessibility rule axe-core says the page breaks: its id, impact, help text and where (CSS selectors). */
    public record Violation(String page, String rule, String impact, String help, String helpUrl, List<String> where) {
        @Override
        public String toString() {
            return page + ": " + rule + " (" + impact + "): " + help + " [" + helpUrl + "]\n      at "
                    + String.join("\n      at ", where);
        }
    }

    /**
     * Runs axe-core (the npm package pinned in src/test/axe, see {@link Axe}) on the page that is open now and
     * returns the violations of WCAG 2.x A and AA rules and best practices that axe rates serious or critical.
     * Injected through the driver, so the page's Content-Security-Policy does not need to allow it.
     */
    @SuppressWarnings("unchecked")
    public List<Violation> accessibilityViolations() {
        if (!Boolean.TRUE.equals(driver.executeScript("return typeof window.axe === 'object'"))) {
            driver.executeScript(Axe.source());
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
                        resultTypes: ['violations']})
                    .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
                        rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                        where: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
                            .concat(v.nodes.length > 5 ? ['… and ' + (v.nodes.length - 5) + ' more'] : [])}))))
                    .catch(e => done([{rule: 'axe-error', impact: 'critical', help: String(e), helpUrl: '', where: []}]));
                """);
        String page = path();
        return ((List<Map<String, Object>>) result).stream().map(v -> new Violation(page, (String) v.get("rule"),
                (String) v.get("impact"), (String) v.get("help"), (String) v.get("helpUrl"),
                (List<String>) v.get("where"))).toList();
    }

    /** The version of axe-core the checks run with (from the installed package). */
    public static String axeVersion() {
        return Axe.version();
    }

    /**
     * axe-core's script from npm: src/test/axe pins the release in its package-lock.json; when its
     * node_modules is missing or holds another release, {@code npm ci} installs it there once (later runs
     * reuse it). Read once per test JVM. Without npm the checks cannot run: in CI ({@code CI=true}) that is a
     * failure (.ci/run installs Node and npm), elsewhere the test is skipped with the reason.
     */
    private static final class Axe {
        private static final Path APP = Path.of("src/test/axe");
        private static final Path PACKAGE = APP.resolve("node_modules/axe-core");
        private static final Path LOG = Path.of("target/axe-npm.log");
        private static String source;
        private static String version;

        static synchronized String source() {
            if (source == null) {
                try {
                    String wanted = pinned();
                    if (!wanted.equals(installed())) {
                        install();
                    }
                    version = installed();
                    if (!wanted.equals(version)) {
                        throw new IllegalStateException("npm ci in " + APP + " installed axe-core " + version + ", not the pinned "
                                + wanted + "; see " + LOG);
                    }
                    source = Files.readString(PACKAGE.resolve("axe.min.js"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return source;
        }

        static synchronized String version() {
            source();
            return version;
        }

        /** The release package-lock.json pins. */
        private static String pinned() throws IOException {
            var lock = new com.fasterxml.jackson.databind.ObjectMapper().readTree(APP.resolve("package-lock.json").toFile());
            String pinned = lock.path("packages").path("node_modules/axe-core").path("version").asText("");
            if (pinned.isEmpty()) {
                throw new IllegalStateException(APP.resolve("package-lock.json") + " does not pin axe-core");
            }
            return pinned;
        }

        /** The release in node_modules, or "" when there is none. */
        private static String installed() throws IOException {
            Path manifest = PACKAGE.resolve("package.json");
            if (!Files.isRegularFile(manifest) || !Files.isRegularFile(PACKAGE.resolve("axe.min.js"))) {
                return "";
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile()).path("version").asText("");
        }

        private static void install() throws IOException {
            Files.createDirectories(LOG.getParent());
            Process npm;
            try {
                npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                        .directory(APP.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()))
                        .start();
            } catch (IOException e) {
                String why = "The accessibility checks need npm to install axe-core (src/test/axe): " + e.getMessage();
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new IllegalStateException(why + ". In CI that is a failure; .ci/run installs Node and npm.", e);
                }
                Assumptions.abort(why + ". Skipping.");
                return;
            }
            try {
                if (!npm.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm ci in " + APP + " took longer than 5 minutes; see " + LOG);
                }
            } catch (InterruptedException e) {
                npm.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while npm ci ran in " + APP, e);
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + APP + " failed (exit " + npm.exitValue() + "); see " + LOG);
            }
        }
    }

    /** The violations one per paragraph, for a failure message that says what to fix where. */
    public static String describe(List<Violation> violations) {
        return violations.size() + " serious or critical accessibility violation(s) (axe-core " + Axe.version() + "):\n  "
                + String.join("\n  ", violations.stream().map(Violation::toString).toList());
    }

    /**
     * The links, buttons, fields and badges of the top bar that are not wholly inside the bar's box (or stick
     * out of the window), each with its box: empty when the bar holds everything it shows.
     */
    @SuppressWarnings("unchecked")
    public List<String> outsideTopBar() {
        return (List<String>) driver.executeScript("""
                const bar = document.querySelector('header.topbar').getBoundingClientRect();
                const right = Math.min(bar.right, document.documentElement.clientWidth);
                const box = r => '[' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(', ') + ']';
                return [...document.querySelectorAll('header.topbar :is(a, button, input, .env-badge)')]
                    .map(e => [e, e.getBoundingClientRect()])
                    .filter(([e, r]) => r.width > 0 && r.height > 0 && (r.left < bar.left - .5 || r.right > right + .5
                        || r.top < bar.top - .5 || r.bottom > bar.bottom + .5))
                    .map(([e, r]) => e.tagName.toLowerCase() + ' "' + (e.textContent || e.value || '').trim() + '" at ' + box(r)
                        + ' outside the bar ' + box({left: bar.left, top: bar.top, right: right, bottom: bar.bottom}));
                """);
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

    /** Lets the browser save downloads, without asking, into {@code dir}. */
    public Browser downloadInto(Path dir) {
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toString()));
        return this;
    }

    /** Waits (up to 20 s) until {@code fileName} has been downloaded completely into {@code dir}. */
    public static Path awaitDownload(Path dir, String fileName) {
        return awaitDownload(dir, java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(fileName)));
    }

    /** Waits (up to 20 s) until a file whose whole name matches {@code name} has been downloaded completely into {@code dir}. */
    public static Path awaitDownload(Path dir, java.util.regex.Pattern name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (var files = Files.list(dir)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                Optional<String> done = names.stream().filter(n -> name.matcher(n).matches())
                        .filter(n -> !names.contains(n + ".crdownload")).findFirst();
                if (done.isPresent() && Files.isRegularFile(dir.resolve(done.get()))) {
                    return dir.resolve(done.get());
                }
                if (System.nanoTime() > deadline) {
                    Assertions.fail("no file named like " + name + " downloaded within 20 s; the folder has " + names);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted");
            }
        }
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

    /**
     * Saves what the window shows as {@code dir/name.png} (for the docs: only the window, never the whole page,
     * so the files stay small) and checks it is a PNG of the window's size that reads back. Returns its size.
     */
    public java.awt.Dimension screenshotInto(Path dir, String name) {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            Assertions.assertNotNull(image, name + " is an image");
            Number innerWidth = (Number) driver.executeScript("return window.innerWidth");
            Number innerHeight = (Number) driver.executeScript("return window.innerHeight");
            Assertions.assertEquals(List.of(innerWidth.intValue(), innerHeight.intValue()),
                    List.of(image.getWidth(), image.getHeight()), name + " has the window's size");
            Path file = Files.createDirectories(dir).resolve(name + ".png");
            Files.write(file, png);
            Assertions.assertNotNull(javax.imageio.ImageIO.read(file.toFile()), name + ".png reads back");
            return new java.awt.Dimension(image.getWidth(), image.getHeight());
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
