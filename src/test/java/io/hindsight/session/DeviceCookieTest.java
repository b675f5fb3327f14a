package io.hindsight.session;

import io.hindsight.Addresses;
import io.hindsight.ApiTokens;
import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.SetCookies;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Throttling an attacker cannot turn into a lock-out (OWASP's device cookies): a browser that signed
 * in to an account before keeps signing in while someone guesses its password elsewhere; untrusted
 * browsers are locked out per account with 429 and Retry-After; forged, foreign and expired device
 * cookies count for nothing; an address is slowed down, not walled off; each lock-out is audited once.
 * Failing attempts come from addresses of their own ({@link Addresses}).
 */
@QuarkusTest
@DisplayName("Sign-in throttling with device cookies")
class DeviceCookieTest {

    static final String DEVICE_COOKIE = "hindsight_device";

    @Inject
    TestClock clock;

    @Inject
    EntityManager em;

    @Inject
    LoginThrottle throttle;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Response attempt(PortalClient browser, String email, String password) {
        return browser.open("/login").submit("/login", Map.of("email", email, "password", password, "next", "/"));
    }

    /** A browser that signed in to {@code account} before, now signed out but keeping its device cookie. */
    private static PortalClient trustedBrowser(TestAccounts.Account account, String address) {
        PortalClient browser = PortalClient.anonymous().from(address).signIn(account);
        assertNotNull(browser.cookie(DEVICE_COOKIE), "signing in hands out a device cookie");
        return browser.withCookie(PortalClient.SESSION_COOKIE, null);
    }

    private static void failFiveTimesFromUntrustedBrowsers(TestAccounts.Account account) {
        for (int i = 1; i <= 5; i++) {
            assertEquals(401, attempt(PortalClient.anonymous().from(Addresses.unique()), account.email(), "wrong guess " + i).statusCode());
        }
    }

    private long audited(String action, String email) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM audit_event WHERE action = ?1 AND subject = ?2")
                .setParameter(1, action).setParameter(2, "email:" + email).getSingleResult()).longValue());
    }

    private static long retryAfter(Response response) {
        String header = response.header("Retry-After");
        assertNotNull(header, "a refusal says when to try again");
        return Long.parseLong(header);
    }

    @Test
    @DisplayName("The only admin keeps signing in from a trusted browser while an attacker hammers the account from the same address")
    void trustedDeviceSignsInWhileTheAccountIsHammered() {
        TestAccounts.Account admin = TestAccounts.fresh(Role.ADMIN);
        String office = Addresses.unique(); // behind one proxy: attacker and admin share the address
        PortalClient adminsLaptop = trustedBrowser(admin, office);
        PortalClient attacker = PortalClient.anonymous().from(office);

        int refused = 0;
        for (int i = 1; i <= 25; i++) {
            int status = attempt(attacker, admin.email(), "guess " + i).statusCode();
            assertTrue(status == 401 || status == 429, "attempt " + i + ": " + status);
            refused += status == 429 ? 1 : 0;
        }
        assertEquals(20, refused, "after 5 failures every untrusted attempt is refused");
        assertEquals(429, attempt(attacker, admin.email(), admin.password()).statusCode(), "even with the right password");

        for (int round = 1; round <= 2; round++) {
            Response signedIn = attempt(adminsLaptop, admin.email(), admin.password());
            assertEquals(303, signedIn.statusCode(), () -> "the trusted browser signs in: " + signedIn.asString());
            assertTrue(SetCookies.named(signedIn, PortalClient.SESSION_COOKIE).isPresent());
            adminsLaptop.withCookie(PortalClient.SESSION_COOKIE, null);
        }
        assertEquals(1, audited("login.lockout", admin.email()), "one lock-out, audited once, not per attempt");
        assertEquals(5, audited("login.failed", admin.email()), "refused attempts never reached the password check");
    }

    @Test
    @DisplayName("Untrusted browsers: after 5 failures (from any addresses) the right password gets 429 with Retry-After, page and API; it lifts after the lock-out")
    void untrustedDevicesAreLockedOutPerAccount() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        failFiveTimesFromUntrustedBrowsers(account);

        Response page = attempt(PortalClient.anonymous().from(Addresses.unique()), account.email(), account.password());
        assertEquals(429, page.statusCode());
        long wait = retryAfter(page);
        assertTrue(wait > 14 * 60 && wait <= 15 * 60, "Retry-After in seconds, the rest of the 15-minute lock-out: " + wait);
        assertTrue(page.asString().contains("Too many failed sign-ins to this account from browsers it has not signed in from"),
                page::asString);
        assertTrue(SetCookies.named(page, PortalClient.SESSION_COOKIE).isEmpty(), "no session");

        Response api = ApiTokens.requestWithPassword(account.email(), account.password(), Addresses.unique());
        ProblemAssertions.assertProblem(api, 429);
        assertTrue(retryAfter(api) > 14 * 60, "the API says when, too");

        clock.advance(Duration.ofMinutes(16));
        assertEquals(303, attempt(PortalClient.anonymous().from(Addresses.unique()), account.email(), account.password()).statusCode(),
                "the lock-out lifts");
        assertEquals(1, audited("login.lockout", account.email()));
    }

    @Test
    @DisplayName("A trusted browser's own failures lock out only its device cookie, audited once; the account stays open to others")
    void aTrustedDevicesOwnFailuresLockOnlyThatDevice() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient shared = trustedBrowser(account, Addresses.unique());
        for (int i = 1; i <= 5; i++) {
            assertEquals(401, attempt(shared, account.email(), "a fumbled password " + i).statusCode());
        }
        Response locked = attempt(shared, account.email(), account.password());
        assertEquals(429, locked.statusCode());
        assertTrue(retryAfter(locked) > 0);
        assertTrue(locked.asString().contains("Too many failed sign-ins from this browser"), locked::asString);

        assertEquals(303, attempt(PortalClient.anonymous().from(Addresses.unique()), account.email(), account.password()).statusCode(),
                "an untrusted browser is not held back by the device's failures");
        assertEquals(1, audited("login.device-lockout", account.email()));
        assertEquals(0, audited("login.lockout", account.email()));
    }

    @Test
    @DisplayName("A device cookie of another account, with a bad signature, or expired counts for nothing")
    void foreignForgedAndExpiredDeviceCookiesAreIgnored() {
        TestAccounts.Account victim = TestAccounts.fresh(Role.ADMIN);
        TestAccounts.Account other = TestAccounts.fresh(Role.EDITOR);
        String genuine = trustedBrowser(victim, Addresses.unique()).cookie(DEVICE_COOKIE);
        String othersCookie = trustedBrowser(other, Addresses.unique()).cookie(DEVICE_COOKIE);
        failFiveTimesFromUntrustedBrowsers(victim);

        String[] parts = othersCookie.split("\\.");
        String relabelled = victim.id() + "." + parts[1] + "." + parts[2] + "." + parts[3];
        char last = genuine.charAt(genuine.length() - 1);
        String badMac = genuine.substring(0, genuine.length() - 1) + (last == 'A' ? 'B' : 'A');
        String longerLife = genuine.replaceFirst("\\.([0-9]+)\\.", "." + (Long.parseLong(genuine.split("\\.")[2]) + 86_400) + ".");
        assertNotEquals(genuine, longerLife);

        for (String forged : new String[] {othersCookie, relabelled, badMac, longerLife, "garbage"}) {
            PortalClient browser = PortalClient.anonymous().from(Addresses.unique()).withCookie(DEVICE_COOKIE, forged);
            assertEquals(429, attempt(browser, victim.email(), victim.password()).statusCode(), "ignored: " + forged);
        }
        Response api = RestAssured.given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .header("X-Forwarded-For", Addresses.unique()).cookie(DEVICE_COOKIE, badMac)
                .body(Map.of("email", victim.email(), "password", victim.password())).post("/api/v1/auth/token");
        ProblemAssertions.assertProblem(api, 429);

        PortalClient holder = PortalClient.anonymous().from(Addresses.unique()).withCookie(DEVICE_COOKIE, genuine);
        assertEquals(303, attempt(holder, victim.email(), victim.password()).statusCode(), "the genuine cookie does count");

        // Half a year later the same cookie has expired: a new lock-out holds its holder too.
        clock.advance(Duration.ofDays(181));
        failFiveTimesFromUntrustedBrowsers(victim);
        PortalClient stale = PortalClient.anonymous().from(Addresses.unique()).withCookie(DEVICE_COOKIE, genuine);
        assertEquals(429, attempt(stale, victim.email(), victim.password()).statusCode(), "an expired device cookie is ignored");
    }

    @Test
    @DisplayName("An address past 20 failures waits a growing delay (Retry-After ≤ 60 s), then signs in; trusted browsers there never wait")
    void theAddressLimitDelaysRatherThanRefuses() {
        String address = Addresses.unique();
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        TestAccounts.Account colleague = TestAccounts.fresh(Role.EDITOR);
        PortalClient colleaguesLaptop = trustedBrowser(colleague, address);
        String firstEmail = "nobody-" + Incidents.shortId() + "@test.hindsight.example";
        PortalClient sprayer = PortalClient.anonymous().from(address);
        for (int i = 1; i <= 20; i++) {
            String email = i == 1 ? firstEmail : "nobody-" + Incidents.shortId() + "@test.hindsight.example";
            assertEquals(401, attempt(sprayer, email, "spraying one password").statusCode(), "attempt " + i);
        }
        for (int i = 21; i <= 24; i++) {
            clock.advance(Duration.ofSeconds(61)); // past each delay, so these count as failures too
            assertEquals(401, attempt(sprayer, "nobody-" + Incidents.shortId() + "@test.hindsight.example", "spraying").statusCode(),
                    "attempt " + i + " after waiting");
        }

        Response slowed = attempt(PortalClient.anonymous().from(address), account.email(), account.password());
        assertEquals(429, slowed.statusCode());
        long wait = retryAfter(slowed);
        assertTrue(wait >= 1 && wait <= 16, "a delay of seconds (2^4 after 24 failures), not a 15-minute wall: " + wait);
        assertTrue(slowed.asString().contains("Too many failed sign-ins from your network"), slowed::asString);

        assertEquals(303, attempt(colleaguesLaptop, colleague.email(), colleague.password()).statusCode(),
                "a trusted browser at the same address does not wait");

        clock.advance(Duration.ofSeconds(wait));
        assertEquals(303, attempt(PortalClient.anonymous().from(address), account.email(), account.password()).statusCode(),
                "after the delay the right password signs in");
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM audit_event WHERE action = 'login.address-slowed' AND ip = ?1")
                .setParameter(1, address).getSingleResult()).longValue()), "the slow-down is audited once");
    }

    @Test
    @DisplayName("Attempts and lock-outs are deleted a day after any rule could use them; recent ones stay")
    void oldAttemptsAndLockoutsArePurged() {
        String address = Addresses.unique();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO login_attempt (email, ip, attempted_at, succeeded) VALUES ('old@x.example', ?1, now() - interval '3 days', false),"
                    + " ('new@x.example', ?1, now(), false)").setParameter(1, address).executeUpdate();
            em.createNativeQuery("INSERT INTO login_lockout (email, ip, locked_at, locked_until) VALUES ('old@x.example', ?1,"
                    + " now() - interval '3 days', now() - interval '3 days' + interval '15 minutes'),"
                    + " ('new@x.example', ?1, now(), now() + interval '15 minutes')").setParameter(1, address).executeUpdate();
        });

        assertTrue(throttle.purgeOld() >= 2);

        for (String table : new String[] {"login_attempt", "login_lockout"}) {
            Object left = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT string_agg(email, ',') FROM " + table + " WHERE ip = ?1").setParameter(1, address).getSingleResult());
            assertEquals("new@x.example", left, table);
        }
    }
}
