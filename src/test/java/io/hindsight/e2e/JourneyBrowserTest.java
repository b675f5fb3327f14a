package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.notify.OutboxMessage;
import io.hindsight.notify.SlackDestination;
import io.hindsight.notify.SlackStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A team's first day with Hindsight, in a real browser, on an installation nobody has used yet: the first
 * admin sets it up, adds an editor and a viewer and connects a Slack channel (the stand-in); the editor
 * declares the wrong-database incident, adds to its timeline, writes the postmortem from the wrong-database
 * template, rewords the sentence the blameless check finds, ticks a checklist item and adds an action item;
 * the admin reviews and publishes it; the channel hears about it once; the Markdown report downloads; the
 * viewer finds it by searching and sees it counted in Insights; a share link opens for someone signed out;
 * the admin downloads a backup that holds it. The signed-out pages are checked with axe-core on the way.
 *
 * <p>Along the way it saves the screenshots of the README (1366 × 768, the window only) into
 * {@code target/screenshots/journey}; to refresh the ones in the docs:
 * {@code CI=true ./mvnw test -Dtest=JourneyBrowserTest -Dscreenshots.dir=$PWD/docs/screenshots}.
 */
@QuarkusTest
@TestProfile(JourneyBrowserTest.FreshInstallation.class)
class JourneyBrowserTest {

    /**
     * The portal as a new installation meets it: its own, empty database (the test database resource starts a
     * new one with each profile) and no demo incidents, so the first visit asks for the first admin.
     */
    public static class FreshInstallation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hindsight.demo-data.enabled", "false",
                    // As an operator would set it: the pictures show no warning about links to this machine.
                    "hindsight.public-base-url", "https://hindsight.example.com");
        }
    }

    private static final int WIDTH = 1366;
    private static final int HEIGHT = 768;
    private static final String TITLE = "Production site pointed at an empty database";
    private static final String FILE_STEM = "production-site-pointed-at-an-empty-database";

    @TestHTTPResource("/")
    URL portal;

    @Inject
    TestClock clock;

    @AfterEach
    void quietChannels() {
        Notifications.disableEveryDestination();
    }

    @Test
    void fromFirstRunToABackupThatHoldsThePublishedPostmortem() throws IOException {
        TestAccounts.Account admin = new TestAccounts.Account(0, "ada@journey.hindsight.example", "lanterns drift over a quiet harbour", Role.ADMIN);
        TestAccounts.Account editorAccount = new TestAccounts.Account(0, "eli@journey.hindsight.example", "copper kettles sing at midnight", Role.EDITOR);
        TestAccounts.Account viewerAccount = new TestAccounts.Account(0, "vera@journey.hindsight.example", "seven gulls above the winter pier", Role.VIEWER);
        SlackStandIn.Hook hook = SlackStandIn.shared(clock).hook();
        Path shots = Path.of(System.getProperty("screenshots.dir", "target/screenshots/journey"));
        Path downloads = Files.createDirectories(Path.of("target", "downloads", "journey")).toAbsolutePath();
        try (var old = Files.list(downloads)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        List<Browser.Violation> violations = new ArrayList<>();

        try (Browser browser = Browser.open(portal.toString())) {
            browser.viewport(WIDTH, HEIGHT);
            Retrospective retrospective = new Retrospective(browser);

            // First run: nobody has an account, so the portal asks for the first admin.
            browser.go("/");
            browser.waitForPath("/setup");
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Set up Hindsight");
            violations.addAll(accessibilityAtBothSizes(browser));
            browser.find(By.id("name")).sendKeys("Ada Admin");
            browser.find(By.id("email")).sendKeys(admin.email());
            browser.find(By.id("password")).sendKeys(admin.password());
            browser.find(By.cssSelector("form[action='/setup'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector(".flash"), "Welcome, Ada Admin");

            // The admin adds an editor and a viewer, and connects the team's Slack channel.
            addPerson(browser, "Eli Editor", editorAccount);
            addPerson(browser, "Vera Viewer", viewerAccount);
            assertThat(browser.find(By.cssSelector("main")).getText()).contains("Eli Editor", "Vera Viewer");
            retrospective.addSlackDestination("#incidents", hook.url(), EventKey.POSTMORTEM_PUBLISHED);
            SlackDestination channel = QuarkusTransaction.requiringNew().call(() ->
                    SlackDestination.<SlackDestination>find("name", "#incidents").singleResult());
            retrospective.signOut();

            // The editor declares the incident and adds a moment to its timeline.
            retrospective.signInOn("/incidents/new", editorAccount).declareIncident(TITLE);
            String incident = retrospective.incident();
            browser.find(By.id("description")).sendKeys("Noticed a database with a look-alike name that held all the articles.");
            new Select(browser.find(By.id("kind"))).selectByValue("OBSERVATION");
            browser.find(By.cssSelector("form.timeline-form button[type=submit]")).click();
            browser.waitForText(By.id("timeline"), "look-alike name");
            browser.go(incident);
            browser.waitForText(By.tagName("h1"), TITLE);
            browser.screenshotInto(shots, "incident");

            // The postmortem, from the wrong-database template; the blameless check flags a sentence.
            retrospective.openPostmortem();
            WebElement wrongDatabase = browser.find(By.cssSelector("input[value=wrong-database]"));
            assertThat(wrongDatabase.isSelected()).as("the wrong-database template is suggested").isTrue();
            retrospective.startFromSuggestedTemplate()
                    .writePostmortem(Retrospective.LESSONS + "The on-call engineer forgot to check which database was connected.");
            browser.go(incident + "/postmortem/edit");
            WebElement finding = browser.find(By.cssSelector(".finding mark"));
            assertThat(finding.getText()).containsIgnoringCase("forgot to");
            browser.driver().executeScript("arguments[0].closest('.pm-section, .pm-editor-row, .field').scrollIntoView({block: 'start'});", finding);
            browser.screenshotInto(shots, "postmortem-editor-finding");
            retrospective.rewrite("learn", Retrospective.BLAMELESS_LEARN);
            retrospective.openReview();
            assertThat(browser.driver().findElements(By.cssSelector(".finding"))).as("findings after rewording").isEmpty();

            // Fix: the checklist the template suggests, with one item done, and an action item.
            browser.go(incident + "/checklists");
            new Select(browser.find(By.id("checklist"))).selectByVisibleText("Environment and database targeting");
            browser.find(By.cssSelector("form[action$='/checklists'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector(".checklist h2"), "Environment and database targeting");
            WebElement item = browser.find(By.cssSelector(".checklist-items > li"));
            item.findElement(By.cssSelector("input[name=note]")).sendKeys("The admin bar now names the connected database.");
            item.findElement(By.cssSelector("button[value=DONE]")).click();
            browser.waitForText(By.cssSelector(".checklist h2"), "1 of");
            retrospective.addActionItem();

            // Review by another person: the admin.
            long adminId = idOf(admin.email());
            retrospective.openReview().sendForReview(new TestAccounts.Account(adminId, admin.email(), admin.password(), Role.ADMIN));
            retrospective.signOut().signInHere(admin).openReview();
            browser.waitForText(By.tagName("h1"), TITLE);
            browser.screenshotInto(shots, "review");
            retrospective.approveAndPublish();

            // The channel hears about it, once.
            List<SlackStandIn.Received> received = hook.awaitCount(1, Duration.ofSeconds(30));
            OutboxMessage message = Notifications.awaitStatus(Notifications.onlyRow(channel.id).id,
                    OutboxMessage.Status.DELIVERED, Duration.ofSeconds(30));
            assertThat(message.eventKey).isEqualTo(EventKey.POSTMORTEM_PUBLISHED.key());
            assertThat(hook.received()).as("messages the channel received").hasSize(1);
            assertThat(received.get(0).json().path("text").asText()).contains(TITLE);

            // The published postmortem, and its Markdown report downloaded from it.
            browser.go(incident + "/postmortem");
            browser.waitForText(By.tagName("h1"), TITLE);
            browser.screenshotInto(shots, "postmortem-published");
            browser.downloadInto(downloads);
            browser.find(By.linkText("Download Markdown")).click();
            Path markdown = Browser.awaitDownload(downloads, retrospective.incidentId() + "-" + FILE_STEM + ".md");
            assertThat(Files.readString(markdown, StandardCharsets.UTF_8)).startsWith("---\n").contains(TITLE)
                    .contains("Tested backups are the cheapest rescue.", Retrospective.ACTION_ITEM);

            // The admin's everyday pages, with the journey's incident in them.
            browser.go("/");
            browser.waitForText(By.tagName("main"), TITLE);
            browser.screenshotInto(shots, "dashboard");
            browser.go("/incidents");
            browser.waitForText(By.tagName("main"), TITLE);
            browser.screenshotInto(shots, "incidents");
            browser.go("/action-items");
            browser.waitForText(By.tagName("main"), Retrospective.ACTION_ITEM);
            browser.screenshotInto(shots, "action-items");

            // A share link for someone without an account.
            browser.go(incident + "/postmortem/share");
            browser.find(By.cssSelector("form[action$='/postmortem/share'] button[type=submit]")).click();
            String link = browser.find(By.cssSelector("code.token-value")).getText().trim();
            assertThat(link).contains("/share/");
            retrospective.signOut();

            // The viewer finds it by searching, and sees it counted in Insights.
            retrospective.signInOn("/", viewerAccount);
            WebElement search = browser.find(By.id("site-search"));
            search.sendKeys("empty database");
            search.sendKeys(Keys.ENTER);
            browser.waitForPath("/search");
            assertThat(browser.waitForText(By.cssSelector(".search-results"), TITLE).getText()).contains(TITLE);
            assertThat(browser.find(By.cssSelector(".result-count")).getText()).startsWith("1 incident");
            browser.screenshotInto(shots, "search");
            browser.go("/insights");
            assertThat(browser.find(By.cssSelector(".insights-total")).getText()).isEqualTo("1 incident in this range.");
            browser.screenshotInto(shots, "insights");
            retrospective.signOut();

            // Signed out, the share link shows the published postmortem and nothing of the portal.
            violations.addAll(accessibilityAtBothSizes(browser));
            browser.driver().get(link.startsWith("http") ? link.replaceFirst("^https?://[^/]+", portal.toString().replaceAll("/$", "")) : link);
            browser.waitForText(By.tagName("h1"), TITLE);
            assertThat(browser.text()).contains("Tested backups are the cheapest rescue.").doesNotContain("Sign out");
            assertThat(browser.driver().findElements(By.cssSelector(".mainnav a"))).as("portal navigation").isEmpty();
            violations.addAll(accessibilityAtBothSizes(browser));

            // The admin downloads a backup, which holds the published postmortem.
            retrospective.signInOn("/admin/backup", admin);
            browser.downloadInto(downloads);
            browser.find(By.cssSelector("form[action='/admin/backup/download'] button[type=submit]")).click();
            Path backup = Browser.awaitDownload(downloads, Pattern.compile(".+\\.zip"));
            try (ZipFile zip = new ZipFile(backup.toFile())) {
                assertThat(zip.stream().map(e -> e.getName()).toList())
                        .anyMatch(name -> name.endsWith(FILE_STEM + ".md"))
                        .anyMatch(name -> name.endsWith("incident.jsonl"));
            }
        }
        assertThat(violations).as("serious or critical accessibility violations (axe-core)")
                .withFailMessage(() -> Browser.describe(violations)).isEmpty();
    }

    /** Adds {@code account} on Admin → Users with its role and first password. */
    private static void addPerson(Browser browser, String name, TestAccounts.Account account) {
        browser.go("/admin/users");
        browser.find(By.id("name")).sendKeys(name);
        browser.find(By.id("email")).sendKeys(account.email());
        new Select(browser.find(By.id("role"))).selectByValue(account.role().name());
        browser.find(By.id("password")).sendKeys(account.password());
        browser.find(By.cssSelector("form[action='/admin/users'] button[type=submit]")).click();
        browser.waitForText(By.cssSelector(".flash"), name + " can now sign in as " + account.email());
    }

    private static long idOf(String email) {
        return QuarkusTransaction.requiringNew().call(() -> User.findByEmail(email).orElseThrow().id);
    }

    /** axe-core's serious and critical findings on the open page at 1366 × 768 and at 390 × 844. */
    private static List<Browser.Violation> accessibilityAtBothSizes(Browser browser) {
        List<Browser.Violation> found = new ArrayList<>();
        browser.viewport(390, 844);
        found.addAll(browser.accessibilityViolations());
        browser.viewport(WIDTH, HEIGHT);
        found.addAll(browser.accessibilityViolations());
        return found;
    }
}
