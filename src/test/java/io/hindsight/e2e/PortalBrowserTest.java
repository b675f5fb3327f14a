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

/** A person records an incident in a real browser and writes its postmortem from a template. */
@QuarkusTest
class PortalBrowserTest {

    @TestHTTPResource("/")
    URL portal;

    @Test
    void recordAnIncidentAndWriteItsPostmortem() {
        String title = "Checkout pointed at the staging database " + UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = Browser.open(portal.toString())) {
            // Nothing shows before signing in; afterwards the browser is back where it wanted to go.
            TestAccounts.Account editor = TestAccounts.of(Role.EDITOR);
            browser.go("/incidents");
            browser.waitForPath("/login");
            browser.signInHere(editor.email(), editor.password());
            assertThat(browser.path()).isEqualTo("/incidents");
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Incidents");

            browser.find(By.linkText("Record an incident")).click();
            browser.find(By.id("title")).sendKeys(title);
            new Select(browser.find(By.id("severity"))).selectByValue("SEV2");
            browser.find(By.id("summary")).sendKeys("Orders were written to the staging database for 20 minutes.");
            browser.find(By.id("tags")).sendKeys("database, configuration");
            browser.screenshot("incident-form");
            browser.find(By.cssSelector("form.form-incident button[type=submit]")).click();

            assertThat(browser.waitForText(By.tagName("h1"), title).getText()).isEqualTo(title);
            assertThat(browser.find(By.cssSelector(".flash")).getText()).contains("Incident recorded");

            browser.go("/incidents");
            assertThat(browser.find(By.cssSelector("table.incidents")).getText()).contains(title);
            browser.screenshot("incident-list");

            browser.find(By.linkText(title)).click();
            browser.waitForText(By.tagName("h1"), title);
            browser.find(By.cssSelector(".head-actions a[href$='/postmortem']")).click();
            browser.waitForPath("/postmortem");
            // The incident is tagged "database", so the wrong-database template is suggested.
            assertThat(browser.find(By.cssSelector("input[value=wrong-database]")).isSelected()).isTrue();
            browser.find(By.cssSelector("button[type=submit].primary")).click();

            browser.waitForPath("/postmortem/edit");
            var summary = browser.find(By.id("summary"));
            assertThat(browser.text()).contains("Often part of this pattern");
            summary.clear();
            summary.sendKeys("A configuration change sent **orders** to the staging database.");
            browser.screenshot("postmortem-editor");
            browser.find(By.cssSelector("form.form-postmortem button[type=submit]")).click();

            browser.waitForPath("/postmortem");
            assertThat(browser.find(By.cssSelector("#summary .prose strong")).getText()).isEqualTo("orders");
            browser.screenshot("postmortem");
        }
    }
}
