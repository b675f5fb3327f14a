package io.hindsight.e2e;

import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WindowType;

import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * F Sessions in a real browser: two tabs keep working while their shared cookie is re-issued under
 * them (bugs 2 and 3 of the story), and an idle browser is sent to sign in and brought back to the
 * page it asked for. Time moves by the application's {@link TestClock}; the browser runs in real time.
 */
@QuarkusTest
@DisplayName("F Sessions in a real browser")
class SessionBrowserTest {

    static final String RETURN_TO = "/incidents?status=resolved";

    @TestHTTPResource("/")
    URL portal;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Opens {@code path} and checks the browser is still signed in there (not sent to /login). */
    private static void workOn(Browser browser, String path) {
        browser.go(path);
        assertThat(browser.path()).as("still signed in on " + path).isEqualTo(path);
        assertThat(browser.find(By.tagName("h1")).getText()).isNotBlank();
    }

    private static String sessionCookie(Browser browser) {
        Cookie cookie = browser.driver().manage().getCookieNamed("hindsight_session");
        return cookie == null ? null : cookie.getValue();
    }

    /** Signs in, opens a second tab, and works in both tabs while the token is re-issued several times. */
    private void twoTabsAcrossRenewals(Browser browser, TestAccounts.Account account) {
        long incident = Incidents.draftJson().create();
        browser.go("/incidents");
        browser.waitForPath("/login");
        browser.signInHere(account.email(), account.password());
        assertThat(browser.path()).isEqualTo("/incidents");
        String firstTab = browser.driver().getWindowHandle();

        browser.driver().switchTo().newWindow(WindowType.TAB);
        String secondTab = browser.driver().getWindowHandle();
        workOn(browser, "/account/sessions");

        List<String> pages = List.of("/incidents", "/", "/incidents/" + incident, "/account/tokens", "/account/sessions");
        Set<String> cookiesSeen = new HashSet<>();
        cookiesSeen.add(sessionCookie(browser));
        for (int round = 0; round < 6; round++) {
            clock.advance(Duration.ofMinutes(2)); // past the renewal age: every navigation re-issues the token
            browser.driver().switchTo().window(round % 2 == 0 ? firstTab : secondTab);
            workOn(browser, pages.get(round % pages.size()));
            workOn(browser, pages.get((round + 2) % pages.size()));
            cookiesSeen.add(sessionCookie(browser));
        }
        assertThat(cookiesSeen).as("the token was re-issued along the way").hasSizeGreaterThan(2);
        browser.screenshot("session-two-tabs-signed-in");
        browser.driver().switchTo().window(firstTab);
    }

    @Test
    @DisplayName("F two tabs stay signed in across renewals; idle past 30 min → sign-in page → back to the page asked for")
    void f_twoTabsStaySignedInAndAnIdleBrowserComesBackWhereItWas() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        try (Browser browser = Browser.open(portal.toString())) {
            twoTabsAcrossRenewals(browser, account);

            clock.advance(Duration.ofMinutes(31));
            browser.go(RETURN_TO);
            browser.waitForPath("/login");
            assertThat(browser.find(By.cssSelector("input[name=next]")).getAttribute("value")).isEqualTo(RETURN_TO);
            browser.screenshot("session-idle-login");

            browser.signInHere(account.email(), account.password());
            assertThat(browser.path()).isEqualTo(RETURN_TO);
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Incidents");
            browser.screenshot("session-back-after-idle");
        }
    }

    @Test
    @DisplayName("F the idle browser's login page explains it was signed out for inactivity")
    void f_idleBrowserSeesTheIdleMessage() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        try (Browser browser = Browser.open(portal.toString())) {
            twoTabsAcrossRenewals(browser, account);

            clock.advance(Duration.ofMinutes(31));
            browser.go(RETURN_TO);
            browser.waitForPath("/login");
            browser.screenshot("session-idle-message");
            assertThat(browser.find(By.cssSelector(".alert-info")).getText())
                    .contains("You were signed out after a while without activity");
        }
    }
}
