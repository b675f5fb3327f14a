package io.hindsight.session;

import io.hindsight.Jwts;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.SetCookies;
import io.hindsight.SetCookies.SetCookie;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.session.TokenMint.Defect;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static io.hindsight.AuthAssertions.assertCookieRefused;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * B9–B11 The session cookie itself: what sign-in sets, a new session at every sign-in, and public
 * pages that keep working whatever stale cookie a browser still carries.
 */
@QuarkusTest
@DisplayName("B9–B11 Session cookie")
class SessionCookieTest {

    static final String SECURE_COOKIE = "__Host-hindsight_session";

    @Inject
    SigningKeys keys;

    @Inject
    JwtConfig jwtConfig;

    @Inject
    SessionConfig sessionConfig;

    private static Response submitLogin(FormPage login, TestAccounts.Account account) {
        return login.submit("/login", Map.of("email", account.email(), "password", account.password(), "next", "/"));
    }

    @Test
    @DisplayName("B9/B10 sign-in is POST → 303 with an HttpOnly, SameSite=Lax, Path=/ cookie that outlives neither the token nor 30 min; no Secure over http")
    void b10_signInOverHttpSetsAHardenedCookie() {
        Response response = submitLogin(PortalClient.anonymous().open("/login"), TestAccounts.fresh(Role.EDITOR));

        assertEquals(303, response.statusCode());
        SetCookie cookie = SetCookies.named(response, PortalClient.SESSION_COOKIE).orElseThrow();
        long tokenLifetime = Jwts.longClaim(cookie.value(), "exp") - Jwts.longClaim(cookie.value(), "iat");
        assertAll(
                () -> assertTrue(cookie.has("HttpOnly"), cookie::raw),
                () -> assertEquals("lax", cookie.attribute("SameSite").orElse("").toLowerCase(), cookie::raw),
                () -> assertEquals("/", cookie.attribute("Path").orElse(null), cookie::raw),
                () -> assertFalse(cookie.has("Domain"), cookie::raw),
                () -> assertFalse(cookie.has("Secure"), "plain-HTTP localhost keeps working: " + cookie.raw()),
                () -> assertTrue(cookie.maxAge().orElse(Long.MAX_VALUE) > 0, cookie::raw),
                () -> assertTrue(cookie.maxAge().orElse(Long.MAX_VALUE) <= 1800, "Max-Age ≤ 30 min: " + cookie.raw()),
                () -> assertTrue(cookie.maxAge().orElse(Long.MAX_VALUE) <= tokenLifetime, "Max-Age ≤ token lifetime: " + cookie.raw()),
                () -> assertTrue(SetCookies.named(response, SECURE_COOKIE).isEmpty(), "no __Host- cookie over http"));
    }

    @Test
    @DisplayName("B10 over https (X-Forwarded-Proto from the trusted proxy) the cookie is __Host-hindsight_session and Secure, and it works")
    void b10_signInOverHttpsSetsASecureHostPrefixedCookie() {
        PortalClient browser = PortalClient.anonymous().header("X-Forwarded-Proto", "https");
        Response response = submitLogin(browser.open("/login"), TestAccounts.fresh(Role.EDITOR));

        assertEquals(303, response.statusCode());
        SetCookie cookie = SetCookies.named(response, SECURE_COOKIE).orElseThrow(
                () -> new AssertionError("expected " + SECURE_COOKIE + " in " + response.headers().getValues("Set-Cookie")));
        assertAll(
                () -> assertTrue(cookie.has("Secure"), cookie::raw),
                () -> assertTrue(cookie.has("HttpOnly"), cookie::raw),
                () -> assertEquals("/", cookie.attribute("Path").orElse(null), "__Host- needs Path=/"),
                () -> assertFalse(cookie.has("Domain"), "__Host- forbids Domain"),
                () -> assertEquals("lax", cookie.attribute("SameSite").orElse("").toLowerCase()),
                () -> assertTrue(cookie.maxAge().orElse(Long.MAX_VALUE) <= 1800, cookie::raw),
                () -> assertTrue(SetCookies.named(response, PortalClient.SESSION_COOKIE).isEmpty(), "no plain cookie over https"));

        Response page = RestAssured.given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .cookie(SECURE_COOKIE, cookie.value()).accept(ContentType.HTML).get("/incidents");
        assertEquals(200, page.statusCode(), "the __Host- cookie signs the browser in");
    }

    @Test
    @DisplayName("B11 every sign-in opens a new session id, so two devices have two sessions")
    void b11_everySignInOpensANewSession() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String first = PortalClient.anonymous().signIn(account).cookie(PortalClient.SESSION_COOKIE);
        String second = PortalClient.anonymous().signIn(account).cookie(PortalClient.SESSION_COOKIE);

        assertNotEquals(Jwts.sid(first), Jwts.sid(second));
        assertCookieAccepted(first);
        assertCookieAccepted(second);
    }

    @Test
    @DisplayName("B11 signing in again in the same browser gives a new session id and ends the one it replaced")
    void b11_signingInAgainInTheSameBrowserReplacesItsSession() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous();
        FormPage login = browser.open("/login"); // e.g. a second tab still showing the login form
        submitLogin(login, account);
        String before = browser.cookie(PortalClient.SESSION_COOKIE);

        Response again = submitLogin(login, account);
        String after = browser.cookie(PortalClient.SESSION_COOKIE);

        assertEquals(303, again.statusCode());
        assertNotEquals(Jwts.sid(before), Jwts.sid(after), "a new session id at every sign-in");
        assertCookieAccepted(after);
        assertCookieRefused(before, "revoked");
    }

    /** Cookies a browser may still carry when it comes back to a public page. */
    private String staleCookie(String kind) {
        TokenMint mint = new TokenMint(keys, jwtConfig);
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String real = browser.cookie(PortalClient.SESSION_COOKIE);
        return switch (kind) {
            case "expired" -> mint.mint(mint.claimsOf(real), Defect.EXPIRED);
            case "tampered" -> mint.mint(mint.claimsOf(real), Defect.TAMPERED_PAYLOAD);
            case "signed-out" -> {
                FormPage page = browser.open("/account/sessions");
                assertEquals(303, page.submit("/logout", Map.of()).statusCode());
                yield real;
            }
            case "garbage" -> "not-a-token";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "B9 a {0} cookie does not break the login page: 200 and the cookie is cleared")
    @ValueSource(strings = {"expired", "tampered", "signed-out", "garbage"})
    void b9_staleCookieOnTheLoginPageStillRendersIt(String kind) {
        Response page = PortalClient.anonymous().withCookie(PortalClient.SESSION_COOKIE, staleCookie(kind)).get("/login");

        assertEquals(200, page.statusCode(), () -> "the login page renders: " + page.statusCode() + " " + page.header("Location"));
        assertTrue(page.asString().contains("Sign in to Hindsight"));
        assertTrue(SetCookies.named(page, PortalClient.SESSION_COOKIE).map(SetCookie::clears).orElse(false),
                () -> "the stale cookie is cleared: " + page.headers().getValues("Set-Cookie"));
    }

    @ParameterizedTest(name = "B9 a {0} cookie on /setup answers as without it (404 once someone exists) and is cleared")
    @ValueSource(strings = {"expired", "tampered", "signed-out", "garbage"})
    void b9_staleCookieOnTheSetupPageAnswersAsWithoutIt(String kind) {
        String cookie = staleCookie(kind); // signing in made sure someone exists
        Response without = PortalClient.anonymous().get("/setup");
        Response with = PortalClient.anonymous().withCookie(PortalClient.SESSION_COOKIE, cookie).get("/setup");

        assertEquals(404, without.statusCode(), "setup is closed once anyone exists");
        assertEquals(404, with.statusCode(), () -> "not a redirect or an error: " + with.statusCode());
        assertTrue(with.contentType().startsWith("text/html"), "the friendly not-found page");
        assertTrue(SetCookies.named(with, PortalClient.SESSION_COOKIE).map(SetCookie::clears).orElse(false),
                () -> "the stale cookie is cleared: " + with.headers().getValues("Set-Cookie"));
    }

    @ParameterizedTest(name = "B9 signing in over a {0} cookie sets exactly the new cookie, not a clearing one too")
    @ValueSource(strings = {"expired", "garbage"})
    void b9_signingInOverAStaleCookieSetsOnlyTheNewCookie(String kind) {
        PortalClient browser = PortalClient.anonymous().withCookie(PortalClient.SESSION_COOKIE, staleCookie(kind));
        Response response = submitLogin(browser.open("/login"), TestAccounts.fresh(Role.EDITOR));

        assertEquals(303, response.statusCode());
        List<SetCookie> session = SetCookies.all(response).stream()
                .filter(c -> c.name().equals(PortalClient.SESSION_COOKIE)).toList();
        assertEquals(1, session.size(), () -> "one session cookie: " + response.headers().getValues("Set-Cookie"));
        assertFalse(session.get(0).clears());
        assertCookieAccepted(session.get(0).value());
    }

    @Test
    @DisplayName("B9 health stays public and answers even with a stale cookie")
    void b9_healthIgnoresAStaleCookie() {
        Response health = RestAssured.given().cookie(PortalClient.SESSION_COOKIE, staleCookie("expired")).get("/q/health");
        assertEquals(200, health.statusCode());
    }
}
