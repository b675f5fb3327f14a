package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/** A reader searches from the header of any page, sees the highlighted fragment and opens the incident. */
@QuarkusTest
class SearchBrowserTest {

    @TestHTTPResource("/")
    URL portal;

    @Test
    void searchFromTheHeaderAndOpenAResult() {
        String word = "restoredrill" + new java.util.Random().ints(8, 0, 26).mapToObj(i -> String.valueOf((char) ('a' + i)))
                .collect(java.util.stream.Collectors.joining());
        String title = "Nightly restore failed " + Incidents.shortId();
        long id = Incidents.draftJson().title(title)
                .summary("The weekly " + word + " showed the backups were empty.").create();
        try (Browser browser = Browser.open(portal.toString())) {
            TestAccounts.Account viewer = TestAccounts.of(Role.VIEWER);
            browser.go("/lessons");
            browser.waitForPath("/login");
            browser.signInHere(viewer.email(), viewer.password());

            browser.find(By.id("site-search")).sendKeys(word, Keys.ENTER);
            browser.waitForPath("/search");
            assertThat(browser.find(By.cssSelector(".search-hit .snippet mark")).getText()).isEqualTo(word);
            assertThat(browser.find(By.cssSelector(".search-hit .snippet")).getText()).contains("showed the backups were empty");
            browser.screenshot("search-results");

            browser.find(By.linkText(title)).click();
            browser.waitForPath("/incidents/" + id);
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo(title);
        }
    }
}
