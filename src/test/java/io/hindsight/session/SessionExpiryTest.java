package io.hindsight.session;

import io.hindsight.Html;
import io.hindsight.Jwts;
import io.hindsight.PortalClient;
import io.hindsight.SetCookies;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * B5–B8 How long a browser session lasts: 30 minutes without activity, 12 hours in all, and an
 * active person's token is quietly re-issued in between (bug 2 of the story: nobody active is ever
 * sent to sign in before the absolute cap). Time moves by the application's {@link TestClock}.
 */
@QuarkusTest
@DisplayName("B5–B8 Session expiry and sliding renewal")
class SessionExpiryTest {

    static final String RETURN_TO = "/incidents?status=resolved";

    @Inject
    TestClock clock;

    @Inject
    SessionConfig config;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The server-side row of a session, as it is now. */
    record Row(Instant createdAt, Instant lastSeenAt, Instant idleExpiresAt, Instant absoluteExpiresAt, Instant revokedAt) {
        static Row of(String sessionToken) {
            UUID sid = UUID.fromString(Jwts.sid(sessionToken));
            return QuarkusTransaction.requiringNew().call(() -> {
                UserSession s = UserSession.findById(sid);
                return new Row(s.createdAt, s.lastSeenAt, s.idleExpiresAt, s.absoluteExpiresAt, s.revokedAt);
            });
        }
    }

    private static String session(PortalClient browser) {
        return browser.cookie(PortalClient.SESSION_COOKIE);
    }

    @Test
    @DisplayName("B5 the defaults are 30 min idle and 12 h absolute, and each sign-in writes a session row with both")
    void b5_sessionRowHasIdleAndAbsoluteExpiry() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        Row row = Row.of(session(browser));

        assertAll(
                () -> assertEquals(Duration.ofMinutes(30), config.idleTimeout()),
                () -> assertEquals(Duration.ofHours(12), config.absoluteTimeout()),
                () -> assertEquals(row.createdAt().plus(Duration.ofMinutes(30)), row.idleExpiresAt()),
                () -> assertEquals(row.createdAt().plus(Duration.ofHours(12)), row.absoluteExpiresAt()),
                () -> assertEquals(row.createdAt(), row.lastSeenAt()));
    }

    @Test
    @DisplayName("B7 an idle browser (31 min) is sent to sign in with its return URL kept, and comes back to it")
    void b7_idleBrowserIsSentToSignInAndBackToWhereItWas() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().signIn(account);

        clock.advance(Duration.ofMinutes(31));
        Response refused = browser.get(RETURN_TO);

        assertEquals(303, refused.statusCode());
        String login = PortalClient.location(refused);
        assertTrue(login.startsWith("/login?next=" + URLEncoder.encode(RETURN_TO, StandardCharsets.UTF_8)), login);
        assertTrue(SetCookies.named(refused, PortalClient.SESSION_COOKIE).orElseThrow().clears(), "the cookie is cleared");

        Response loginPage = browser.visit(login);
        assertEquals(200, loginPage.statusCode());
        assertEquals(Optional.of(RETURN_TO), Html.inputValue(loginPage.asString(), "next"), "the way back is kept");

        Response signedIn = browser.open(login).submit("/login",
                Map.of("email", account.email(), "password", account.password(), "next", RETURN_TO));
        assertEquals(RETURN_TO, PortalClient.location(signedIn));
        assertEquals(200, browser.follow(signedIn).statusCode());
    }

    @Test
    @DisplayName("B7 the login page says why: reason=idle and the idle message")
    void b7_idleBrowserIsToldItWasIdle() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));

        clock.advance(Duration.ofMinutes(31));
        Response refused = browser.get(RETURN_TO);

        String login = PortalClient.location(refused);
        assertEquals("/login?next=" + URLEncoder.encode(RETURN_TO, StandardCharsets.UTF_8) + "&reason=idle", login);
        assertTrue(browser.visit(login).asString().contains("You were signed out after a while without activity"));
    }

    @Test
    @DisplayName("B7 just under the idle timeout (29 min) the browser is still signed in and its session is extended")
    void b7_justBeforeTheIdleTimeoutTheSessionStillCounts() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));

        clock.advance(Duration.ofMinutes(29));
        assertEquals(200, browser.get("/incidents").statusCode());
        clock.advance(Duration.ofMinutes(29)); // 58 min after sign-in, 29 after the last request
        assertEquals(200, browser.get("/incidents").statusCode());
    }

    @Test
    @DisplayName("B7 an active person (a request every 20 min) is never asked to sign in before 12 h; after the cap they are")
    void b7_activeUserIsNeverForcedToSignInBeforeTheAbsoluteCap() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String first = session(browser);

        Duration elapsed = Duration.ZERO;
        while (elapsed.plusMinutes(20).compareTo(Duration.ofHours(12)) < 0) {
            clock.advance(Duration.ofMinutes(20));
            elapsed = elapsed.plusMinutes(20);
            Response page = browser.get("/incidents");
            Duration at = elapsed;
            assertEquals(200, page.statusCode(), () -> "still signed in " + at + " after sign-in, active all along");
            assertTrue(SetCookies.named(page, PortalClient.SESSION_COOKIE).isPresent(), () -> "renewed at " + at);
        }
        // 11 h 40 min of activity on one session: sid and auth_time never changed.
        assertEquals(Jwts.sid(first), Jwts.sid(session(browser)));
        assertEquals(Jwts.longClaim(first, "auth_time"), Jwts.longClaim(session(browser), "auth_time"));

        clock.advance(Duration.ofMinutes(21)); // 12 h 01 min after sign-in
        Response capped = browser.get("/incidents");
        assertEquals(303, capped.statusCode(), "the absolute cap holds however active the person is");
        assertTrue(PortalClient.location(capped).startsWith("/login?next=%2Fincidents"), PortalClient.location(capped));
    }

    @Test
    @DisplayName("B5 past the absolute cap the login page says why: reason=absolute")
    void b5_pastTheAbsoluteCapTheLoginPageSaysWhy() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        for (int i = 0; i < 35; i++) { // active every 20 min up to 11 h 40 min
            clock.advance(Duration.ofMinutes(20));
            assertEquals(200, browser.get("/incidents").statusCode());
        }
        clock.advance(Duration.ofMinutes(21));
        Response capped = browser.get("/incidents");

        assertEquals("/login?next=%2Fincidents&reason=absolute", PortalClient.location(capped));
        assertTrue(browser.visit(PortalClient.location(capped)).asString().contains("Sessions last at most a working day"));
    }

    @Test
    @DisplayName("B10 near the absolute cap the re-issued cookie does not outlive its token (Max-Age ≤ exp − iat)")
    void b10_nearTheAbsoluteCapTheCookieDoesNotOutliveItsToken() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        Response page = null;
        for (int i = 0; i < 35; i++) { // active every 20 min up to 11 h 40 min: 20 minutes left
            clock.advance(Duration.ofMinutes(20));
            page = browser.get("/incidents");
            assertEquals(200, page.statusCode());
        }

        SetCookies.SetCookie cookie = SetCookies.named(page, PortalClient.SESSION_COOKIE).orElseThrow();
        long tokenLifetime = Jwts.longClaim(cookie.value(), "exp") - Jwts.longClaim(cookie.value(), "iat");
        assertTrue(tokenLifetime <= Duration.ofMinutes(20).toSeconds(), "the token ends at the cap: " + tokenLifetime);
        assertTrue(cookie.maxAge().orElse(Long.MAX_VALUE) <= tokenLifetime,
                () -> "Max-Age " + cookie.maxAge().orElse(null) + " ≤ token lifetime " + tokenLifetime);
    }

    @Test
    @DisplayName("B7 a token older than a minute is re-issued on a normal response; sid and auth_time stay, iat and exp move")
    void b7_anAgedTokenIsRenewedOnANormalResponse() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String original = session(browser);

        clock.advance(Duration.ofMinutes(2));
        Response page = browser.get("/incidents");

        assertEquals(200, page.statusCode());
        String renewed = SetCookies.named(page, PortalClient.SESSION_COOKIE).orElseThrow(
                () -> new AssertionError("a renewed cookie after 2 minutes")).value();
        assertAll(
                () -> assertNotEquals(original, renewed),
                () -> assertEquals(Jwts.sid(original), Jwts.sid(renewed), "B6 same session"),
                () -> assertEquals(Jwts.longClaim(original, "auth_time"), Jwts.longClaim(renewed, "auth_time"),
                        "B6 auth_time copied unchanged"),
                () -> assertTrue(Jwts.longClaim(renewed, "iat") >= Jwts.longClaim(original, "iat") + 119, "iat moves"),
                () -> assertTrue(Jwts.longClaim(renewed, "exp") >= Jwts.longClaim(original, "exp") + 119, "exp moves"));

        // B8: tokens are never single-use; the old one and the new one both still work.
        assertCookieAccepted(original);
        assertCookieAccepted(renewed);
    }

    @Test
    @DisplayName("B7 a token younger than a minute is not re-issued on every request")
    void b7_aFreshTokenIsNotReissued() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));

        clock.advance(Duration.ofSeconds(30));
        Response page = browser.get("/incidents");

        assertEquals(200, page.statusCode());
        assertTrue(SetCookies.named(page, PortalClient.SESSION_COOKIE).isEmpty(),
                () -> "no new cookie yet: " + page.headers().getValues("Set-Cookie"));
    }

    @Test
    @DisplayName("B7 renewal moves the idle deadline: last_seen_at = now, idle_expires_at = now + 30 min")
    void b7_renewalExtendsTheIdleDeadline() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        Row before = Row.of(session(browser));

        clock.advance(Duration.ofMinutes(10));
        Instant requestedAt = clock.instant();
        browser.get("/incidents");
        Row after = Row.of(session(browser));

        assertTrue(!after.lastSeenAt().isBefore(requestedAt), "last_seen_at moved to the request");
        assertTrue(!after.idleExpiresAt().isBefore(requestedAt.plus(Duration.ofMinutes(30))), "idle deadline moved");
        assertEquals(before.absoluteExpiresAt(), after.absoluteExpiresAt(), "the absolute cap never moves");
    }

    @Test
    @DisplayName("B8 last_seen_at and the idle deadline only move forward, even when an older token renews late")
    void b8_lastSeenOnlyMovesForward() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String original = session(browser);

        clock.advance(Duration.ofMinutes(5));
        assertEquals(200, browser.get("/incidents").statusCode());
        Row latest = Row.of(original);

        // A request that was slower (or a second instance whose clock lags 3 minutes) renews afterwards.
        clock.advance(Duration.ofMinutes(-3));
        assertCookieAccepted(original);
        Row after = Row.of(original);

        assertEquals(latest.lastSeenAt(), after.lastSeenAt(), "GREATEST keeps the later last_seen_at");
        assertEquals(latest.idleExpiresAt(), after.idleExpiresAt(), "the idle deadline never shrinks");
    }
}
