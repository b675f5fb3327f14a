package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick status change on the incident page in a real browser: /static/app.js asks before the form is sent
 * (under the Content-Security-Policy, without inline scripts); saying no sends nothing, saying yes changes it.
 */
@QuarkusTest
class QuickChangeBrowserTest {

    @TestHTTPResource("/")
    URL portal;

    @Test
    void changingTheStatusAsksFirst() {
        long id = Incidents.draftJson().create();
        TestAccounts.Account editor = TestAccounts.of(Role.EDITOR);
        try (Browser browser = Browser.open(portal.toString())) {
            browser.go("/login").signInHere(editor.email(), editor.password());
            browser.go("/incidents/" + id);

            new Select(browser.find(By.id("quick-status"))).selectByValue("MITIGATED");
            browser.find(By.cssSelector("button[data-confirm='Change the status of this incident?']")).click();
            Alert asked = new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
            assertThat(asked.getText()).isEqualTo("Change the status of this incident?");
            asked.dismiss();
            assertThat(Incidents.read(id).<String>path("status")).as("saying no sends nothing").isEqualTo("INVESTIGATING");

            new Select(browser.find(By.id("quick-status"))).selectByValue("MITIGATED");
            browser.find(By.cssSelector("button[data-confirm='Change the status of this incident?']")).click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent()).accept();

            browser.waitForText(By.cssSelector(".flash"), "Status changed to Mitigated.");
            assertThat(Incidents.read(id).<String>path("status")).isEqualTo("MITIGATED");
        }
    }
}
