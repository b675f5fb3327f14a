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

    @TestHTTPResource("/")
    URL portal;

    @Test
    void fromTemplateToPublishedLesson() {
        String title = "Production site pointed at an empty database " + UUID.randomUUID().toString().substring(0, 8);
        TestAccounts.Account editor = TestAccounts.of(Role.EDITOR);
        TestAccounts.Account reviewer = TestAccounts.of(Role.ADMIN);
        try (Browser browser = Browser.open(portal.toString())) {
            Retrospective retrospective = new Retrospective(browser)
                    .signInOn("/incidents/new", editor)
                    .declareIncident(title);
            String incident = retrospective.incident();

            // The postmortem, from the template the incident's words suggest.
            retrospective.openPostmortem();
            assertThat(browser.find(By.cssSelector("input[value=wrong-database]")).isSelected()).isTrue();
            retrospective.startFromSuggestedTemplate()
                    .writePostmortem(Retrospective.LESSONS
                            + "The on-call engineer forgot to check which database was connected.");

            // The blameless check flags the sentence; reword it.
            retrospective.openReview();
            assertThat(browser.find(By.cssSelector(".finding mark")).getText()).containsIgnoringCase("forgot to");
            browser.screenshot("review-blameless-finding");
            retrospective.rewrite("learn", Retrospective.BLAMELESS_LEARN);

            // Fix: the backups checklist and an action item.
            browser.go(incident + "/checklists");
            new Select(browser.find(By.id("checklist"))).selectByVisibleText("Backups and restore drills");
            browser.find(By.cssSelector("form[action$='/checklists'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector(".checklist h2"), "Backups and restore drills");
            WebElement firstItem = browser.find(By.cssSelector(".checklist-items > li"));
            firstItem.findElement(By.cssSelector("button[value=DONE]")).click();
            browser.waitForText(By.cssSelector(".checklist h2"), "1 of");
            browser.screenshot("retrospective-checklist");

            retrospective.addActionItem();

            // Share: send for review.
            retrospective.openReview();
            assertThat(browser.driver().findElements(By.cssSelector(".finding"))).isEmpty();
            retrospective.sendForReview(reviewer);

            // The reviewer approves and publishes.
            retrospective.signOut()
                    .signInHere(reviewer)
                    .approveAndPublish();

            browser.go("/lessons");
            assertThat(browser.find(By.cssSelector("main")).getText()).contains(title)
                    .contains("Tested backups are the cheapest rescue.");
            browser.screenshot("lessons-library");
        }
    }
}
