package io.hindsight.insight;

import io.agroal.api.AgroalDataSource;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.e2e.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URL;
import java.time.LocalDate;
import java.util.List;

import static io.hindsight.insight.InsightFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A viewer opens Insights from the header in Chromium, narrows it with the filter form (no script needed) and sees
 * each chart drawn (its bars have a size on screen) with its title and its table of numbers beside it.
 */
@QuarkusTest
class InsightsBrowserTest {

    @TestHTTPResource("/")
    URL portal;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aViewerSeesTheChartsAndTablesAndFiltersThem() {
        InsightFixture f = new InsightFixture(dataSource);
        long a = f.incident("SEV1", at("2002-05-03T10:00:00Z"), 5, 20, 90, new String[] {"backups"});
        f.incident("SEV3", at("2002-06-20T10:00:00Z"), 15, 60, 300, new String[] {"backups", "look-alike-names"});
        // Done before the second, alike incident: a fix that did not hold.
        f.actionItem(a, "DONE", at("2002-05-04T10:00:00Z"), at("2002-05-05T10:00:00Z"), LocalDate.parse("2002-06-01"));
        TestAccounts.Account viewer = TestAccounts.of(Role.VIEWER);
        try (Browser browser = Browser.open(portal.toString())) {
            browser.go("/login").signInHere(viewer.email(), viewer.password());
            browser.find(By.cssSelector("nav.mainnav a[href='/insights']")).click();
            browser.waitForPath("/insights");

            browser.find(By.id("from")).clear();
            browser.find(By.id("from")).sendKeys("05/01/2002");
            browser.find(By.id("to")).sendKeys("06/30/2002");
            browser.find(By.id("service")).sendKeys(f.service);
            new Select(browser.find(By.id("severity"))).selectByValue("");
            browser.find(By.cssSelector("form.filters button[type=submit]")).click();
            browser.waitForText(By.cssSelector(".insights-total"), "2 incidents in this range");
            assertThat(browser.path()).contains("from=2002-05-01").contains("to=2002-06-30");

            List<WebElement> charts = browser.driver().findElements(By.cssSelector("figure.insight-chart svg[role=img]"));
            assertThat(charts).hasSize(8); // severity, three response times, action items, tags, services, recurrences
            for (WebElement chart : charts) {
                assertThat(chart.getSize().getWidth()).isGreaterThan(300);
                assertThat(chart.findElement(By.tagName("title")).getAttribute("textContent")).isNotBlank();
            }
            WebElement severityBar = browser.find(By.cssSelector("#chart-severity-title ~ g rect"));
            assertThat(severityBar.getSize().getHeight()).isGreaterThan(0);
            assertThat(browser.find(By.id("incidents-by-severity")).findElement(By.tagName("table")).getText())
                    .contains("2002-05").contains("2002-06");
            assertThat(browser.find(By.id("tags")).findElement(By.tagName("table")).getText()).contains("backups 2");
            assertThat(browser.find(By.id("recurrences")).getText()).contains("recurred 46 days after Add a restore drill was done");
            assertThat(browser.driver().findElements(By.cssSelector("a[href^='/insights/'][href*='.csv?']"))).hasSize(8);
        }
    }
}
