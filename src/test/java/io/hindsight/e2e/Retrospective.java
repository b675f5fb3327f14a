package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.notify.EventKey;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The steps of a retrospective as a person takes them in the browser, for the browser tests that walk
 * one: sign in, declare the incident, write its postmortem, add an action item, send it for review,
 * approve and publish. The story is always the production site pointed at an empty database. Each step
 * waits until the page shows it was done; what a test checks along the way stays in the test.
 */
final class Retrospective {

    /** Every section of the postmortem but "learn", which each test words its own way. */
    static final Map<String, String> STORY = Map.of(
            "summary", "A configuration change pointed the production site at a new, empty database.",
            "impact", "Visitors saw no articles for almost two hours; nothing real was lost.",
            "timelineNotes", "The turning point was noticing the look-alike database name.",
            "laugh", "The seed users were the most loyal users the site ever had.",
            "fix", "- Detect: show the connected database in the admin bar.",
            "share", "### Audience\nEvery team that runs a database.");

    /** The start of the "learn" section: the lesson the Lessons library and Slack show. */
    static final String LESSONS = "### Lessons\n- Tested backups are the cheapest rescue.\n\n";

    /** A "learn" section the blameless check has nothing to say about. */
    static final String BLAMELESS_LEARN = LESSONS + "Nothing on screen showed which database the site was connected to.";

    /** The action item every retrospective here ends up with. */
    static final String ACTION_ITEM = "Show the connected database in the admin bar";

    private final Browser browser;
    private String incident;

    Retrospective(Browser browser) {
        this.browser = browser;
    }

    /** Opens {@code path}, is sent to the login page, signs in and waits to be back on {@code path}. */
    Retrospective signInOn(String path, TestAccounts.Account account) {
        browser.go(path);
        browser.waitForPath("/login");
        browser.signInHere(account.email(), account.password());
        browser.waitForPath(path);
        return this;
    }

    /** Signs in on the login page the browser is on. */
    Retrospective signInHere(TestAccounts.Account account) {
        browser.signInHere(account.email(), account.password());
        return this;
    }

    /** Signs out from the user menu and waits for the login page. */
    Retrospective signOut() {
        browser.find(By.cssSelector(".usermenu button[type=submit]")).click();
        browser.waitForPath("/login");
        return this;
    }

    /** Declares a SEV1 incident tagged "database, configuration" and remembers its address. */
    Retrospective declareIncident(String title) {
        if (!browser.path().startsWith("/incidents/new")) {
            browser.go("/incidents/new");
        }
        browser.find(By.id("title")).sendKeys(title);
        new Select(browser.find(By.id("severity"))).selectByValue("SEV1");
        browser.find(By.id("tags")).sendKeys("database, configuration");
        browser.find(By.cssSelector("form.form-incident button[type=submit]")).click();
        browser.waitForText(By.tagName("h1"), title);
        incident = browser.path().replaceAll("[?#].*", "");
        return this;
    }

    /** The incident's address, {@code /incidents/{id}}. */
    String incident() {
        if (incident == null) {
            throw new IllegalStateException("no incident declared yet");
        }
        return incident;
    }

    long incidentId() {
        return Long.parseLong(incident().substring(incident().lastIndexOf('/') + 1));
    }

    /** Opens the incident's postmortem page, which offers the templates before there is one. */
    Retrospective openPostmortem() {
        browser.go(incident() + "/postmortem");
        return this;
    }

    /** On the postmortem page: starts the postmortem from the template the page suggests. */
    Retrospective startFromSuggestedTemplate() {
        browser.find(By.cssSelector("button[type=submit].primary")).click();
        browser.waitForPath("/postmortem/edit");
        return this;
    }

    /** On the edit page: writes the {@link #STORY} with this "learn" section and saves. */
    Retrospective writePostmortem(String learn) {
        STORY.forEach(this::replace);
        replace("learn", learn);
        return save();
    }

    /** Opens the edit page again, rewrites one section and saves. */
    Retrospective rewrite(String field, String text) {
        browser.go(incident() + "/postmortem/edit");
        replace(field, text);
        return save();
    }

    /** Adds the {@link #ACTION_ITEM} as a "detect" item on the incident's action items page. */
    Retrospective addActionItem() {
        browser.go(incident() + "/action-items");
        browser.find(By.id("title")).sendKeys(ACTION_ITEM);
        new Select(browser.find(By.id("kind"))).selectByValue("DETECT");
        browser.find(By.cssSelector("form[action$='/action-items'] button[type=submit]")).click();
        browser.waitForText(By.cssSelector("table.actions"), ACTION_ITEM);
        return this;
    }

    /**
     * On Admin → Integrations: adds a Slack destination {@code name} posting to {@code webhookUrl}
     * for exactly these {@code events}, and waits for the page to confirm it.
     */
    Retrospective addSlackDestination(String name, String webhookUrl, EventKey... events) {
        if (!browser.path().startsWith("/admin/integrations")) {
            browser.go("/admin/integrations");
        }
        Set<String> wanted = Arrays.stream(events).map(EventKey::key).collect(Collectors.toSet());
        browser.find(By.id("name")).sendKeys(name);
        browser.find(By.id("webhookUrl")).sendKeys(webhookUrl);
        for (WebElement box : browser.driver().findElements(By.cssSelector("form[action='/admin/integrations'] input[name=events]"))) {
            if (box.isSelected() != wanted.contains(box.getAttribute("value"))) {
                box.click();
            }
        }
        for (String event : wanted) {
            if (!browser.find(By.id("event-" + event)).isSelected()) {
                throw new IllegalStateException("the event " + event + " could not be chosen");
            }
        }
        browser.find(By.cssSelector("form[action='/admin/integrations'] button[type=submit]")).click();
        browser.waitForText(By.cssSelector(".flash"), "Added " + name);
        return this;
    }

    /** Opens the review page, which shows the blameless check's findings. */
    Retrospective openReview() {
        browser.go(incident() + "/postmortem/review");
        return this;
    }

    /**
     * On the review page: asks {@code reviewer} (someone who did not write the postmortem) for a review.
     * The incident is still open, so the form asks when it was resolved: just now, in the zone the page
     * was shown in.
     */
    Retrospective sendForReview(TestAccounts.Account reviewer) {
        new Select(browser.find(By.id("reviewers"))).selectByValue(String.valueOf(reviewer.id()));
        if (!browser.driver().findElements(By.id("resolvedAt")).isEmpty()) {
            String zone = browser.find(By.cssSelector("form[action$='/review/send'] input[name=zone]")).getAttribute("value");
            String now = LocalDateTime.now(ZoneId.of(zone)).format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm"));
            browser.driver().executeScript("arguments[0].value = arguments[1];", browser.find(By.id("resolvedAt")), now);
        }
        browser.find(By.cssSelector("form[action$='/review/send'] button[type=submit]")).click();
        browser.waitForText(By.cssSelector("#reviewing"), "Not yet reviewed");
        return this;
    }

    /** As the signed-in reviewer: approves the postmortem and publishes it. */
    Retrospective approveAndPublish() {
        openReview();
        browser.find(By.cssSelector("button[value=APPROVED]")).click();
        browser.waitForText(By.cssSelector("#publish"), "Everything is in place");
        browser.find(By.cssSelector("form[action$='/review/publish'] button[type=submit]")).click();
        browser.waitForText(By.cssSelector(".flash"), "Published");
        return this;
    }

    private Retrospective save() {
        browser.find(By.cssSelector("form.form-postmortem button[type=submit]")).click();
        browser.waitForPath("/postmortem");
        return this;
    }

    private void replace(String field, String text) {
        WebElement box = browser.find(By.id(field));
        box.clear();
        box.sendKeys(text);
    }
}
