package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.net.URL;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review loop as the writer and a reviewer live it in a real browser: the writer sees the blameless
 * finding right after saving and rewords it, cannot review their own postmortem, sends it for review; the
 * reviewer asks for changes; the writer learns it on their dashboard and on the postmortem, fixes it and
 * says it is ready for another look; the reviewer approves and publishes.
 */
@QuarkusTest
class ReviewLoopBrowserTest {

    @TestHTTPResource("/")
    URL portal;

    @Test
    void changesRequestedThenReadyForAnotherLookThenPublished() {
        String title = "Production site pointed at an empty database " + UUID.randomUUID().toString().substring(0, 8);
        TestAccounts.Account writer = TestAccounts.fresh(Role.EDITOR);
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.EDITOR);
        try (Browser browser = Browser.open(portal.toString())) {
            Retrospective retrospective = new Retrospective(browser)
                    .signInOn("/incidents/new", writer)
                    .declareIncident(title)
                    .openPostmortem()
                    .startFromSuggestedTemplate()
                    .writePostmortem(Retrospective.LESSONS + "The on-call engineer forgot to check which database was connected.");
            String incident = retrospective.incident();

            // Right after saving, the writer sees what the review will see.
            assertThat(browser.path()).endsWith("/postmortem");
            assertThat(browser.find(By.id("wording")).getText()).contains("blameless check found one phrase");
            assertThat(browser.find(By.cssSelector(".finding mark")).getText()).containsIgnoringCase("forgot to");

            retrospective.rewrite("learn", Retrospective.BLAMELESS_LEARN);
            assertThat(browser.driver().findElements(By.cssSelector(".finding"))).isEmpty();
            retrospective.addActionItem().openReview();

            // The writer is not offered as a reviewer of what they wrote.
            assertThat(new Select(browser.find(By.id("reviewers"))).getOptions())
                    .noneMatch(o -> o.getAttribute("value").equals(String.valueOf(writer.id())))
                    .anyMatch(o -> o.getAttribute("value").equals(String.valueOf(reviewer.id())));
            assertThat(browser.find(By.id("reviewing")).getText()).contains("they cannot be its reviewers");

            retrospective.sendForReview(reviewer);

            // The writer has no Approve button, and an approval sent anyway (a hand-made form) is refused.
            assertThat(browser.driver().findElements(By.cssSelector("button[value=APPROVED]"))).isEmpty();
            browser.driver().executeScript("""
                    const token = document.querySelector('form[action$="/review/send"] input[type=hidden]');
                    const form = document.createElement('form');
                    form.method = 'post';
                    form.action = arguments[0] + '/postmortem/review/decision';
                    form.innerHTML = '<input type="hidden" name="decision" value="APPROVED">';
                    const csrf = document.createElement('input');
                    csrf.type = 'hidden'; csrf.name = token.name; csrf.value = token.value;
                    form.appendChild(csrf);
                    document.body.appendChild(form);
                    form.submit();""", incident);
            browser.waitForText(By.cssSelector(".alert-error"), "Only the reviewers of this postmortem can decide");
            retrospective.openReview();
            assertThat(browser.find(By.id("reviewing")).getText()).contains("Not yet reviewed");
            retrospective.signOut();

            // The reviewer asks for changes, with a comment on the Fix section.
            retrospective.signInHere(reviewer).openReview();
            browser.find(By.cssSelector("#review-fix details summary")).click();
            browser.find(By.id("comment-fix")).sendKeys("Which alert will tell us next time? Name it.");
            browser.find(By.cssSelector("#review-fix form[action$='/review/comments'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector("#review-fix"), "Which alert will tell us next time?");
            browser.find(By.cssSelector("button[value=CHANGES_REQUESTED]")).click();
            browser.waitForText(By.cssSelector("#reviewing"), "Changes requested");
            retrospective.signOut();

            // The writer learns it where they work: the dashboard, the notices and the postmortem.
            retrospective.signInHere(writer);
            browser.go("/");
            assertThat(browser.find(By.id("changes-requested")).getText()).contains(title).contains("1 comment");
            assertThat(browser.find(By.cssSelector("a[href='/notices']")).getText()).contains("1");
            browser.go(incident + "/postmortem");
            assertThat(browser.find(By.cssSelector(".review-state.changes-requested")).getText()).contains("Changes requested by");

            // Fixes it and sends it back to the same reviewer.
            retrospective.rewrite("fix", "- Detect: alert when the articles table is empty in production.");
            browser.find(By.cssSelector(".review-state form[action$='/review/ready'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector(".flash"), "Sent back to the reviewers who asked for changes");
            retrospective.signOut();

            // The reviewer approves; everyone asked has approved, so it publishes.
            retrospective.signInHere(reviewer).approveAndPublish();
            browser.go("/lessons");
            assertThat(browser.find(By.cssSelector("main")).getText()).contains(title);
            browser.screenshot("review-loop-published");
        }
    }
}
