package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URL;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole retrospective in a real browser, on the story of the production site pointed at an empty
 * database: write the postmortem from its template, reword a blaming sentence the check flags,
 * attach the backups checklist and tick an item, add an action item, get it reviewed, publish it
 * and find it in the Lessons library.
 */
@QuarkusTest
class RetrospectiveBrowserTest {

    private static final Map<String, String> SECTIONS = Map.of(
            "summary", "A configuration change pointed the production site at a new, empty database.",
            "impact", "Visitors saw no articles for almost two hours; nothing real was lost.",
            "timelineNotes", "The turning point was noticing the look-alike database name.",
            "laugh", "The seed users were the most loyal users the site ever had.",
            "fix", "- Detect: show the connected database in the admin bar.",
            "share", "### Audience\nEvery team that runs a database.");

    @TestHTTPResource("/")
    URL portal;

    @Test
    void fromTemplateToPublishedLesson() {
        String title = "Production site pointed at an empty database " + UUID.randomUUID().toString().substring(0, 8);
        TestAccounts.Account editor = TestAccounts.of(Role.EDITOR);
        TestAccounts.Account reviewer = TestAccounts.of(Role.ADMIN);
        try (Browser browser = Browser.open(portal.toString())) {
            browser.go("/incidents/new");
            browser.waitForPath("/login");
            browser.signInHere(editor.email(), editor.password());
            browser.waitForPath("/incidents/new");
            browser.find(By.id("title")).sendKeys(title);
            new Select(browser.find(By.id("severity"))).selectByValue("SEV1");
            browser.find(By.id("tags")).sendKeys("database, configuration");
            browser.find(By.cssSelector("form.form-incident button[type=submit]")).click();
            browser.waitForText(By.tagName("h1"), title);
            String incident = browser.path().replaceAll("[?#].*", "");

            // The postmortem, from the template the incident's words suggest.
            browser.go(incident + "/postmortem");
            assertThat(browser.find(By.cssSelector("input[value=wrong-database]")).isSelected()).isTrue();
            browser.find(By.cssSelector("button[type=submit].primary")).click();
            browser.waitForPath("/postmortem/edit");
            SECTIONS.forEach((field, text) -> replace(browser, field, text));
            replace(browser, "learn", "### Lessons\n- Tested backups are the cheapest rescue.\n\n"
                    + "The on-call engineer forgot to check which database was connected.");
            browser.find(By.cssSelector("form.form-postmortem button[type=submit]")).click();
            browser.waitForPath("/postmortem");

            // The blameless check flags the sentence; reword it.
            browser.go(incident + "/postmortem/review");
            assertThat(browser.find(By.cssSelector(".finding mark")).getText()).containsIgnoringCase("forgot to");
            browser.screenshot("review-blameless-finding");
            browser.go(incident + "/postmortem/edit");
            replace(browser, "learn", "### Lessons\n- Tested backups are the cheapest rescue.\n\n"
                    + "Nothing on screen showed which database the site was connected to.");
            browser.find(By.cssSelector("form.form-postmortem button[type=submit]")).click();
            browser.waitForPath("/postmortem");

            // Fix: the backups checklist and an action item.
            browser.go(incident + "/checklists");
            new Select(browser.find(By.id("checklist"))).selectByVisibleText("Backups and restore drills");
            browser.find(By.cssSelector("form[action$='/checklists'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector(".checklist h2"), "Backups and restore drills");
            WebElement firstItem = browser.find(By.cssSelector(".checklist-items > li"));
            firstItem.findElement(By.cssSelector("button[value=DONE]")).click();
            browser.waitForText(By.cssSelector(".checklist h2"), "1 of");
            browser.screenshot("retrospective-checklist");

            browser.go(incident + "/action-items");
            browser.find(By.id("title")).sendKeys("Show the connected database in the admin bar");
            new Select(browser.find(By.id("kind"))).selectByValue("DETECT");
            browser.find(By.cssSelector("form[action$='/action-items'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector("table.actions"), "Show the connected database");

            // Share: send for review.
            browser.go(incident + "/postmortem/review");
            assertThat(browser.driver().findElements(By.cssSelector(".finding"))).isEmpty();
            new Select(browser.find(By.id("reviewers"))).selectByValue(String.valueOf(reviewer.id()));
            browser.find(By.cssSelector("form[action$='/review/send'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector("#reviewing"), "Not yet reviewed");

            // The reviewer approves and publishes.
            browser.find(By.cssSelector(".usermenu button[type=submit]")).click();
            browser.waitForPath("/login");
            browser.signInHere(reviewer.email(), reviewer.password());
            browser.go(incident + "/postmortem/review");
            browser.find(By.cssSelector("button[value=APPROVED]")).click();
            browser.waitForText(By.cssSelector("#publish"), "Everything is in place");
            browser.find(By.cssSelector("form[action$='/review/publish'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector(".flash"), "Published");

            browser.go("/lessons");
            assertThat(browser.find(By.cssSelector("main")).getText()).contains(title)
                    .contains("Tested backups are the cheapest rescue.");
            browser.screenshot("lessons-library");
        }
    }

    private static void replace(Browser browser, String field, String text) {
        WebElement box = browser.find(By.id(field));
        box.clear();
        box.sendKeys(text);
    }
}
