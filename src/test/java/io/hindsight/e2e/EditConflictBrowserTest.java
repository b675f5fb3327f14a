package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URL;

import static io.hindsight.incident.Incidents.draftJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two people in two browsers (two Chromium profiles, so two sessions) edit the same postmortem. The first saves;
 * the second sees the conflict page, still has their text in the editor, and saves it on top of the current version.
 */
@QuarkusTest
class EditConflictBrowserTest {

    @TestHTTPResource("/")
    URL portal;

    @Test
    void theSecondWriterSeesTheConflictPageAndKeepsTheirText() {
        long id = draftJson().create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        String editor = "/incidents/" + id + "/postmortem/edit";
        TestAccounts.Account alice = TestAccounts.fresh(Role.EDITOR);
        TestAccounts.Account bob = TestAccounts.fresh(Role.EDITOR);
        try (Browser first = Browser.open(portal.toString()); Browser second = Browser.open(portal.toString())) {
            first.go("/login").signInHere(alice.email(), alice.password()).go(editor);
            second.go("/login").signInHere(bob.email(), bob.password()).go(editor);

            type(first, "share", "Tell the payments team in the Friday demo, with the lock graph.");
            first.find(By.cssSelector("button.primary")).click();
            first.waitForPath("/postmortem");

            type(second, "share", "Tell the storage team at the Monday review.");
            second.find(By.cssSelector("button.primary")).click();

            second.waitForText(By.cssSelector(".alert-error"), "Someone else saved this postmortem while you were writing.");
            assertThat(second.path()).endsWith("/postmortem/edit");
            assertThat(second.find(By.id("share")).getAttribute("value"))
                    .as("their text is still in the editor").isEqualTo("Tell the storage team at the Monday review.");
            WebElement compared = second.find(By.id("conflict-share"));
            assertThat(compared.findElement(By.cssSelector(".conflict-current")).getText())
                    .isEqualTo("Tell the payments team in the Friday demo, with the lock graph.");
            assertThat(compared.findElements(By.cssSelector(".conflict-diff ins"))).extracting(WebElement::getText)
                    .contains("storage");
            assertThat(compared.findElements(By.cssSelector(".conflict-diff del"))).extracting(WebElement::getText)
                    .contains("payments");
            assertThat(Postmortems.read(id).jsonPath().getString("share"))
                    .isEqualTo("Tell the payments team in the Friday demo, with the lock graph.");

            // Having read theirs, the second writer saves on top of the current version.
            second.find(By.cssSelector("button.primary")).click();
            second.waitForPath("/postmortem");
            assertThat(Postmortems.read(id).jsonPath().getString("share")).isEqualTo("Tell the storage team at the Monday review.");
        }
    }

    private static void type(Browser browser, String field, String text) {
        WebElement box = browser.find(By.id(field));
        box.clear();
        box.sendKeys(text);
    }
}
