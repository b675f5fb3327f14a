package io.hindsight.session;

import io.hindsight.Jwts;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.SetCookies;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static io.hindsight.AuthAssertions.assertCookieRefused;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * B5/B11 The session row, not the token, decides: signing out, or ending a session from "Your
 * sessions", refuses its still-unexpired token at once.
 */
@QuarkusTest
@DisplayName("B5/B11 Ending sessions: sign-out and Your sessions")
class SessionRevocationTest {

    static final String FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0";
    static final String CHROME_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36";

    @Inject
    SessionService sessions;

    private static String revokedReason(String token) {
        UUID sid = UUID.fromString(Jwts.sid(token));
        return QuarkusTransaction.requiringNew().call(() -> UserSession.<UserSession>findById(sid).revokedReason);
    }

    @Test
    @DisplayName("B11 sign-out ends the session on the server: its unexpired token is refused afterwards")
    void b11_signOutRevokesTheSession() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String token = browser.cookie(PortalClient.SESSION_COOKIE);
        assertCookieAccepted(token);

        Response signedOut = browser.open("/incidents").submit("/logout", Map.of());

        assertEquals(303, signedOut.statusCode());
        assertEquals("/login", PortalClient.location(signedOut));
        assertTrue(SetCookies.named(signedOut, PortalClient.SESSION_COOKIE).orElseThrow().clears(), "the cookie is cleared");
        assertEquals("signed-out", revokedReason(token));
        // Someone who copied the cookie before sign-out gets nothing with it.
        assertCookieRefused(token, "revoked");
    }

    @Test
    @DisplayName("B12 GET never signs out: GET /logout changes nothing")
    void b12_getDoesNotSignOut() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String token = browser.cookie(PortalClient.SESSION_COOKIE);

        Response get = browser.get("/logout");

        assertNotEquals(200, get.statusCode());
        assertTrue(get.statusCode() >= 400, () -> "GET /logout is not an action: " + get.statusCode());
        assertCookieAccepted(token);
    }

    @Test
    @DisplayName("B5 a session revoked on the server is refused at once, though its token is unexpired")
    void b5_revokedSessionRefusesItsUnexpiredToken() {
        String token = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)).cookie(PortalClient.SESSION_COOKIE);
        assertCookieAccepted(token);

        sessions.revoke(UUID.fromString(Jwts.sid(token)), "test");

        assertCookieRefused(token, "revoked");
    }

    @Test
    @DisplayName("B11 Your sessions lists each session with device and address; ending another one signs that browser out")
    void b11_yourSessionsListsAndEndsOtherSessions() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient laptop = PortalClient.anonymous().header("User-Agent", FIREFOX_ON_WINDOWS).from("203.0.113.7").signIn(account);
        PortalClient desktop = PortalClient.anonymous().header("User-Agent", CHROME_ON_LINUX).from("198.51.100.23").signIn(account);
        String laptopToken = laptop.cookie(PortalClient.SESSION_COOKIE);
        String desktopToken = desktop.cookie(PortalClient.SESSION_COOKIE);

        FormPage page = desktop.open("/account/sessions");
        String html = page.html();
        assertAll(
                () -> assertTrue(html.contains("Firefox on Windows"), "the laptop's device"),
                () -> assertTrue(html.contains("203.0.113.7"), "the laptop's address"),
                () -> assertTrue(html.contains("Chrome on Linux"), "this browser's device"),
                () -> assertTrue(html.contains("198.51.100.23"), "this browser's address"),
                () -> assertEquals(1, html.split("This browser", -1).length - 1, "this browser is marked once"),
                () -> assertTrue(html.contains("/account/sessions/" + Jwts.sid(laptopToken) + "/revoke")));

        Response ended = page.submit("/account/sessions/" + Jwts.sid(laptopToken) + "/revoke", Map.of());

        assertEquals(303, ended.statusCode());
        assertEquals("/account/sessions", PortalClient.location(ended));
        assertCookieRefused(laptopToken, "revoked");
        assertCookieAccepted(desktopToken);
        String after = desktop.follow(ended).asString();
        assertFalse(after.contains("203.0.113.7"), "the ended session is no longer listed");
    }

    @Test
    @DisplayName("B11 End all other sessions keeps only this browser signed in")
    void b11_endAllOtherSessions() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String first = PortalClient.anonymous().signIn(account).cookie(PortalClient.SESSION_COOKIE);
        String second = PortalClient.anonymous().signIn(account).cookie(PortalClient.SESSION_COOKIE);
        PortalClient here = PortalClient.anonymous().signIn(account);

        Response ended = here.open("/account/sessions").submit("/account/sessions/revoke-others", Map.of());

        assertEquals(303, ended.statusCode());
        assertCookieRefused(first, "revoked");
        assertCookieRefused(second, "revoked");
        assertCookieAccepted(here.cookie(PortalClient.SESSION_COOKIE));
    }

    @Test
    @DisplayName("B11 nobody can end someone else's session from their own sessions page (404), and it keeps working")
    void b11_cannotEndSomeoneElsesSession() {
        String victim = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)).cookie(PortalClient.SESSION_COOKIE);
        PortalClient attacker = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));

        Response attempt = attacker.open("/account/sessions").submit("/account/sessions/" + Jwts.sid(victim) + "/revoke", Map.of());

        assertEquals(404, attempt.statusCode());
        assertCookieAccepted(victim);
    }

    @Test
    @DisplayName("B11 signing out here from Your sessions clears this browser's cookie and sends it to sign in")
    void b11_endingTheCurrentSessionSignsThisBrowserOut() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String token = browser.cookie(PortalClient.SESSION_COOKIE);

        Response ended = browser.open("/account/sessions").submit("/account/sessions/" + Jwts.sid(token) + "/revoke", Map.of());

        assertEquals(303, ended.statusCode());
        assertEquals("/login", PortalClient.location(ended));
        assertNotNull(SetCookies.named(ended, PortalClient.SESSION_COOKIE).filter(SetCookies.SetCookie::clears).orElse(null));
        assertCookieRefused(token, "revoked");
    }
}
