package io.hindsight.account;

import io.hindsight.Addresses;
import io.hindsight.ApiTokens;
import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.SetCookies;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.incident.Incidents;
import io.hindsight.session.SignIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * D18 Signing in: one generic failure message (no user enumeration), throttling per account and per
 * address kept in the database, and every failure and lockout in the audit log. Every failing
 * attempt comes from an address of its own ({@link Addresses}), so the rest of the suite, signing
 * in from 127.0.0.1, is never locked out by these tests.
 */
@QuarkusTest
@DisplayName("D18 Sign-in: no enumeration, throttling, audit")
class LoginTest {

    static final Pattern ALERT = Pattern.compile("<div class=\"alert alert-error\" role=\"alert\"><p>(.*?)</p></div>", Pattern.DOTALL);

    @Inject
    TestClock clock;

    @Inject
    EntityManager em;

    @BeforeEach
    void someoneExists() {
        // While nobody exists, /login sends to the one-time setup instead.
        TestAccounts.of(Role.VIEWER);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Response attempt(PortalClient browser, String email, String password) {
        return browser.open("/login").submit("/login", Map.of("email", email, "password", password, "next", "/"));
    }

    private static String alert(Response page) {
        Matcher m = ALERT.matcher(page.asString());
        assertTrue(m.find(), () -> "an error message is shown: " + page.asString());
        return m.group(1);
    }

    private static String unknownEmail() {
        return "nobody-" + Incidents.shortId() + "@test.hindsight.example";
    }

    private List<String> auditActions(String email) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "SELECT action FROM audit_event WHERE subject = ?1 ORDER BY id").setParameter(1, "email:" + email).getResultList()
                .stream().map(String::valueOf).toList());
    }

    private long auditCount(String action, String ip) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM audit_event WHERE action = ?1 AND ip = ?2").setParameter(1, action).setParameter(2, ip)
                .getSingleResult()).longValue());
    }

    @Test
    @DisplayName("D18 unknown email, wrong password and disabled account get the identical answer")
    void d18_failureMessageIsIdenticalForUnknownEmailAndWrongPassword() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        TestAccounts.Account disabled = TestAccounts.freshDisabled(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().from(Addresses.unique());

        Response wrongPassword = attempt(browser, account.email(), "not the right password");
        Response unknown = attempt(browser, unknownEmail(), "not the right password");
        Response disabledAccount = attempt(browser, disabled.email(), disabled.password());

        assertAll(
                () -> assertEquals(401, wrongPassword.statusCode()),
                () -> assertEquals(401, unknown.statusCode()),
                () -> assertEquals(401, disabledAccount.statusCode()),
                () -> assertEquals(SignIn.FAILED, alert(wrongPassword)),
                () -> assertEquals(alert(wrongPassword), alert(unknown)),
                () -> assertEquals(alert(wrongPassword), alert(disabledAccount)),
                () -> assertTrue(SetCookies.named(wrongPassword, PortalClient.SESSION_COOKIE).isEmpty()),
                () -> assertTrue(SetCookies.named(disabledAccount, PortalClient.SESSION_COOKIE).isEmpty(), "no session"));
    }

    @Test
    @DisplayName("D18 5 wrong passwords lock the account: the 6th attempt, even right and from elsewhere, is 429; 16 min later it works")
    void d18_fiveFailuresLockTheAccountForTheWindow() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String address = Addresses.unique();
        PortalClient attacker = PortalClient.anonymous().from(address);
        for (int i = 1; i <= 5; i++) {
            assertEquals(401, attempt(attacker, account.email(), "guess number " + i + " is wrong").statusCode());
        }

        Response locked = attempt(attacker, account.email(), account.password());
        assertEquals(429, locked.statusCode());
        assertTrue(alert(locked).contains("Too many failed sign-ins"), alert(locked));
        assertTrue(SetCookies.named(locked, PortalClient.SESSION_COOKIE).isEmpty(), "no session while locked");

        // The lock is on the account, so the owner from another address is held too, and so are programs.
        Response owner = attempt(PortalClient.anonymous().from(Addresses.unique()), account.email(), account.password());
        assertEquals(429, owner.statusCode());
        ProblemAssertions.assertProblem(ApiTokens.requestWithPassword(account.email(), account.password(), Addresses.unique()), 429);

        clock.advance(Duration.ofMinutes(16));
        Response later = attempt(PortalClient.anonymous().from(address), account.email(), account.password());
        assertEquals(303, later.statusCode(), "the lock lifts after the window");

        List<String> audit = auditActions(account.email());
        assertAll(
                () -> assertEquals(5, audit.stream().filter("login.failed"::equals).count(), audit::toString),
                () -> assertTrue(audit.contains("login.lockout"), audit::toString),
                () -> assertEquals(1, audit.stream().filter("login.lockout"::equals).count(), () -> "once per lock-out: " + audit),
                () -> assertTrue(!audit.contains("login.locked"), () -> "refused attempts are not audited one by one: " + audit),
                () -> assertTrue(audit.contains("login.succeeded"), audit::toString));
    }

    @Test
    @DisplayName("D18 20 failures from one address across many emails slow that address down for seconds, never lock it; another address is unaffected")
    void d18_twentyFailuresSlowTheAddressDown() {
        String address = Addresses.unique();
        PortalClient sprayer = PortalClient.anonymous().from(address);
        for (int i = 1; i <= 20; i++) {
            assertEquals(401, attempt(sprayer, unknownEmail(), "spraying one password").statusCode(), "attempt " + i);
        }
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);

        Response fromAnother = attempt(PortalClient.anonymous().from(Addresses.unique()), account.email(), account.password());
        clock.advance(Duration.ofSeconds(2));
        Response fromThatAddress = attempt(sprayer, account.email(), account.password());

        assertEquals(303, fromAnother.statusCode(), "another address still signs in");
        assertEquals(303, fromThatAddress.statusCode(), "a delay of a second after the 20th failure, not a wall");
        assertEquals(20, auditCount("login.failed", address));
        assertEquals(1, auditCount("login.address-slowed", address), "the slow-down is audited with the address, once");
    }

    @Test
    @DisplayName("D18 throttling is kept in the database (login_attempt), so every instance sees it")
    void d18_attemptsAreStoredInTheDatabase() {
        String address = Addresses.unique();
        attempt(PortalClient.anonymous().from(address), unknownEmail(), "wrong wrong wrong");

        long rows = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM login_attempt WHERE ip = ?1 AND NOT succeeded").setParameter(1, address)
                .getSingleResult()).longValue());
        assertEquals(1, rows);
    }
}
