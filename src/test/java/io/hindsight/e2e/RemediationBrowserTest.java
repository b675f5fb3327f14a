package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.incident.Incidents;
import io.hindsight.incident.Incidents.IncidentJson;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.time.Duration;
import java.time.LocalDate;

import static io.hindsight.incident.Incidents.draftJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a wrong-database incident, a person turns its lessons into fixes in a real browser: the
 * postmortem template suggests checklists, items are ticked off by the rules, an action item gets
 * an owner and a date, and the overview shows how far the fixes have come.
 */
@QuarkusTest
class RemediationBrowserTest {

    static final String AUTOMATED_BACKUPS = "Automated backups run for every production database";
    static final String RESTORE_DRILL = "A restore was actually tested within the last 30 days";
    static final String STORED_AWAY = "Backups are stored away from the server they protect";

    @TestHTTPResource("/")
    URL portal;

    @Inject
    ActionItemService actions;

    @Test
    void fromAWrongDatabaseIncidentToChecklistsActionItemsAndProgress() {
        String id = Incidents.shortId();
        IncidentJson incident = draftJson().title("Orders written to the staging database " + id)
                .summary("For 20 minutes checkout wrote orders to the staging database after a configuration change.")
                .tags(Incidents.uniqueTag(), "database").services("checkout", "orders-db");
        long incidentId = incident.create();
        TestAccounts.Account editor = TestAccounts.of(Role.EDITOR);
        String actionTitle = "Show the connected database on the admin page " + id;

        try (Browser browser = Browser.open(portal.toString())) {
            browser.go("/login");
            browser.signInHere(editor.email(), editor.password());
            browser.go("/incidents/" + incidentId);
            assertThat(browser.waitForText(By.tagName("h1"), incident.title()).getText()).isEqualTo(incident.title());

            // The postmortem, from the template the "database" tag suggests.
            browser.find(By.cssSelector(".head-actions a[href$='/postmortem']")).click();
            browser.waitForPath("/postmortem");
            assertThat(browser.find(By.cssSelector("input[value=wrong-database]")).isSelected()).isTrue();
            browser.find(By.cssSelector("button[type=submit].primary")).click();
            browser.waitForPath("/postmortem/edit");

            // Back to the incident (the editor has no tabs, only its crumbs), then its Checklists tab.
            browser.find(By.cssSelector(".crumbs a[href='/incidents/" + incidentId + "']")).click();
            browser.waitForText(By.tagName("h1"), incident.title());
            tab(browser, "Checklists");
            browser.waitForPath("/checklists");
            assertThat(browser.text()).contains("No checklists yet")
                    .contains("Suggested by the postmortem template: Environment and database targeting, "
                            + "Backups and restore drills, Config and deploy change safety.");
            new Select(browser.find(By.id("checklist"))).selectByVisibleText("Backups and restore drills");
            clickAndWaitForReload(browser, browser.find(By.xpath("//form[.//select[@id='checklist']]//button[@type='submit']")));
            assertThat(browser.find(By.cssSelector(".flash")).getText()).contains("Checklist attached");
            WebElement card = browser.find(By.id("checklist-backups-restore-drills"));
            assertThat(card.findElement(By.tagName("h2")).getText()).isEqualTo("Backups and restore drills 0 of 5 settled");
            browser.screenshot("remediation-checklist-attached");

            // Done on an item that needs no evidence.
            clickAndWaitForReload(browser, item(browser, AUTOMATED_BACKUPS).findElement(By.cssSelector("button[value=DONE]")));
            assertThat(item(browser, AUTOMATED_BACKUPS).getAttribute("class")).contains("item-done");

            // Done on the restore drill without evidence is refused, with the reason next to the item.
            clickAndWaitForReload(browser, item(browser, RESTORE_DRILL).findElement(By.cssSelector("button[value=DONE]")));
            assertThat(item(browser, RESTORE_DRILL).getText())
                    .contains("This item needs evidence: a note or a link that shows it was done.");
            assertThat(item(browser, RESTORE_DRILL).getAttribute("class")).contains("item-open");

            // Not applicable, with the reason.
            WebElement storedAway = item(browser, STORED_AWAY);
            storedAway.findElement(By.name("note")).sendKeys("Backups are provider snapshots replicated to another region");
            clickAndWaitForReload(browser, storedAway.findElement(By.cssSelector("button[value=NOT_APPLICABLE]")));
            assertThat(item(browser, STORED_AWAY).getText())
                    .contains("Not applicable")
                    .contains("Why not: Backups are provider snapshots replicated to another region");
            assertThat(browser.find(By.cssSelector("#checklist-backups-restore-drills h2")).getText())
                    .isEqualTo("Backups and restore drills 2 of 5 settled");
            browser.driver().executeScript("arguments[0].scrollIntoView()", browser.find(By.id("checklist-backups-restore-drills")));
            browser.screenshot("remediation-checklist-progress");

            // An action item with an owner, a date, a priority, a kind and a tracker link.
            tab(browser, "Action items");
            browser.waitForPath("/action-items");
            browser.find(By.id("title")).sendKeys(actionTitle);
            new Select(browser.find(By.id("ownerId"))).selectByValue(String.valueOf(editor.id()));
            LocalDate due = actions.today().plusDays(14);
            // A date input's typing format follows the browser's locale; set the value as the picker would.
            browser.driver().executeScript("arguments[0].value = arguments[1]", browser.find(By.id("dueOn")), due.toString());
            new Select(browser.find(By.id("priority"))).selectByValue("P1");
            new Select(browser.find(By.id("kind"))).selectByVisibleText("Detect");
            browser.find(By.id("trackerUrl")).sendKeys("https://tracker.example/OPS-" + id);
            clickAndWaitForReload(browser, browser.find(By.xpath("//button[normalize-space()='Add action item']")));
            assertThat(browser.find(By.cssSelector(".flash")).getText()).contains("Action item added");
            String row = browser.waitForText(By.cssSelector("table.actions tbody tr"), actionTitle).getText();
            assertThat(row).contains("P1").contains("Detect").contains(due.toString()).contains("Open");
            browser.screenshot("remediation-action-item");

            // The overview shows how far the fixes have come.
            tab(browser, "Overview");
            browser.waitForText(By.tagName("h1"), incident.title());
            assertThat(browser.find(By.cssSelector("#overview")).getText())
                    .contains("2 of 5 items settled")
                    .contains("0 of 1 closed");
            browser.screenshot("remediation-overview");

            // And the item waits on the owner's dashboard.
            browser.go("/");
            assertThat(browser.waitForText(By.cssSelector(".dash section"), "My action items").getText()).contains(actionTitle);
        }
    }

    /** Follows a tab of the incident. */
    private static void tab(Browser browser, String name) {
        browser.find(By.xpath("//nav[@class='tabs']//a[normalize-space()='" + name + "']")).click();
    }

    /** The {@code <li>} of a checklist item, found by its text. */
    private static WebElement item(Browser browser, String text) {
        return browser.find(By.xpath("//li[contains(@class,'item ')][.//strong[normalize-space()='" + text + "']]"));
    }

    /** Clicks a submit button and waits until the page it was on has been replaced. */
    private static void clickAndWaitForReload(Browser browser, WebElement button) {
        WebElement page = browser.driver().findElement(By.tagName("html"));
        button.click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(driver -> replaced(page));
    }

    /**
     * Whether the element's document has gone. Chromium answers a stale reference in two ways: the standard "stale
     * element" error, or, while the old document is being torn down, an inspector error that the node "does not belong
     * to the document"; both mean the page was replaced.
     */
    private static boolean replaced(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }
}
