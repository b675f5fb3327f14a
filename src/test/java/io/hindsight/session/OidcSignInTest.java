package io.hindsight.session;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.audit.AuditEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Single sign-on end to end against a real OpenID provider (oidc-provider on Node, {@link OidcProviderResource}):
 * the person signs in on the provider's own form, Hindsight verifies what comes back and opens its own
 * session; every answer that is not good enough (unverified or unknown email, a disabled account, an ID
 * token for another audience, an expired one, one with another sign-in's nonce) is refused with a page that
 * says why, an audit row, and no session. Roles stay as set in Hindsight (the default).
 */
@QuarkusTest
@TestProfile(OidcSignInTest.WithProvider.class)
class OidcSignInTest {

    /** The portal with single sign-on through the test provider. */
    public static class WithProvider implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcProviderResource.class));
        }
    }

    @ConfigProperty(name = OidcProviderResource.AVAILABLE, defaultValue = "false")
    boolean providerAvailable;

    @ConfigProperty(name = "hindsight.oidc.issuer")
    java.util.Optional<String> issuer;

    @BeforeEach
    void providerRuns() {
        assumeTrue(providerAvailable, "the OpenID provider needs Node and npm (see OidcProviderResource)");
    }

    @Test
    @DisplayName("A known person with a verified email signs in on the provider's form (PKCE) and gets a Hindsight session")
    void verifiedPersonSignsIn() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        ProviderAccount at = register(Map.of("email", account.email().toUpperCase(), "email_verified", true, "name", "Ada"));
        OidcBrowser browser = new OidcBrowser();

        OidcBrowser.Hop login = browser.get(portal("/login"));
        assertEquals(200, login.status());
        assertTrue(login.body().contains("Sign in with " + OidcProviderResource.PROVIDER_NAME), login.body());
        assertTrue(login.body().contains("/login/oidc/start?next=%2F"), "the button keeps the way back");
        assertTrue(login.body().contains("name=\"password\""), "the password form stays the default");

        OidcBrowser.Hop callback = signInAtProvider(browser, "/incidents", at);
        assertEquals(303, callback.status(), callback.body());
        assertEquals("/incidents", callback.location());
        assertTrue(callback.storedCookies().stream().anyMatch(c -> c.getName().equals(PortalClient.SESSION_COOKIE)),
                () -> "a Hindsight session cookie: " + callback.setCookies());
        assertTrue(callback.storedCookies().stream().noneMatch(c -> c.getName().startsWith("q_")),
                () -> "no OIDC cookie outlives the callback: " + callback.setCookies());
        assertTrue(browser.cookiesFor(portal("/login/oidc")).stream().noneMatch(c -> c.getName().startsWith("q_")
                        || c.getName().equals(OidcResource.NEXT_COOKIE)),
                () -> "the browser keeps no OIDC cookie: " + browser.cookiesFor(portal("/login/oidc")));

        OidcBrowser.Hop incidents = browser.get(portal("/incidents"));
        assertEquals(200, incidents.status(), "signed in with the Hindsight session");
        assertTrue(incidents.body().contains(account.email()), "the page names the person signed in");

        QuarkusTransaction.requiringNew().run(() -> {
            List<UserSession> sessions = UserSession.list("user.id = ?1", account.id());
            assertEquals(1, sessions.size(), "one Hindsight session, opened as the password form opens one");
            UserSession session = sessions.get(0);
            assertEquals(Duration.ofHours(12), Duration.between(session.createdAt, session.absoluteExpiresAt));
            assertEquals(Duration.ofMinutes(30), Duration.between(session.createdAt, session.idleExpiresAt));
            assertEquals(Role.EDITOR, User.<User>findById(account.id()).role, "roles are kept as set in Hindsight");
        });
        assertEquals("oidc", lastAudit("login.succeeded", account.email()).detail);
    }

    @Test
    @DisplayName("Signing out ends the Hindsight session of a single sign-on like any other")
    void signOutEndsTheSession() {
        TestAccounts.Account account = TestAccounts.fresh(Role.VIEWER);
        ProviderAccount at = register(Map.of("email", account.email(), "email_verified", true));
        OidcBrowser browser = new OidcBrowser();
        OidcBrowser.Hop callback = signInAtProvider(browser, "/", at);
        assertEquals(303, callback.status(), callback.body());
        String sessionCookie = callback.storedCookies().stream().filter(c -> c.getName().equals(PortalClient.SESSION_COOKIE))
                .findFirst().orElseThrow().getValue();

        QuarkusTransaction.requiringNew().run(() -> UserSession.<UserSession>list("user.id = ?1", account.id())
                .forEach(s -> s.revokedAt = java.time.Instant.now()));
        int status = PortalClient.anonymous().withCookie(PortalClient.SESSION_COOKIE, sessionCookie).get("/incidents").statusCode();
        assertEquals(303, status, "a revoked session is refused, whoever signed it in");
    }

    @Test
    @DisplayName("Signing in with the provider in a browser that had a Hindsight session ends that session, as the password form does")
    void signingInReplacesTheBrowsersSession() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        ProviderAccount at = register(Map.of("email", account.email(), "email_verified", true));
        String before = PortalClient.anonymous().signIn(account).cookie(PortalClient.SESSION_COOKIE);
        OidcBrowser browser = new OidcBrowser();
        HttpCookie held = new HttpCookie(PortalClient.SESSION_COOKIE, before);
        held.setPath("/");
        held.setVersion(0);
        browser.cookies.getCookieStore().add(portal("/"), held);
        assertEquals(200, browser.get(portal("/incidents")).status(), "control: the browser is signed in with the password session");

        OidcBrowser.Hop callback = signInAtProvider(browser, "/incidents", at);
        assertEquals(303, callback.status(), callback.body());
        String after = callback.storedCookies().stream().filter(c -> c.getName().equals(PortalClient.SESSION_COOKIE))
                .findFirst().orElseThrow(() -> new AssertionError("a new session cookie: " + callback.setCookies())).getValue();
        assertFalse(before.equals(after), "a new session, not the old one renewed");

        int old = PortalClient.anonymous().withCookie(PortalClient.SESSION_COOKIE, before).get("/incidents").statusCode();
        assertEquals(303, old, "the browser's previous session cookie is refused after the single sign-on");
        assertEquals(200, PortalClient.anonymous().withCookie(PortalClient.SESSION_COOKIE, after).get("/incidents").statusCode());
        QuarkusTransaction.requiringNew().run(() -> {
            List<UserSession> active = UserSession.list("user.id = ?1 AND revokedAt IS NULL", account.id());
            assertEquals(1, active.size(), "only the new session is active");
            UserSession replaced = UserSession.<UserSession>list("user.id = ?1 AND revokedAt IS NOT NULL", account.id()).get(0);
            assertEquals("replaced", replaced.revokedReason);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unverified email | false | known   | has not verified your email address | oidc: email not verified by the provider",
            "unknown email    | true  | unknown | There is no Hindsight account for   | oidc: no account with this email",
            "disabled account | true  | disabled| is disabled                          | oidc: account disabled",
    })
    @DisplayName("Refused with a page that says why, an audit row, and no session")
    void refusedByClaims(String name, boolean verified, String who, String shown, String audited) {
        String email = switch (who.strip()) {
            case "known" -> TestAccounts.fresh(Role.EDITOR).email();
            case "disabled" -> TestAccounts.freshDisabled(Role.EDITOR).email();
            default -> "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@test.hindsight.example";
        };
        ProviderAccount at = register(Map.of("email", email, "email_verified", verified));
        OidcBrowser browser = new OidcBrowser();
        OidcBrowser.Hop callback = signInAtProvider(browser, "/", at);
        assertAll(
                () -> assertEquals(403, callback.status()),
                () -> assertTrue(callback.body().contains(shown.strip()), callback.body()),
                () -> assertNoSession(browser, callback),
                () -> assertEquals(audited.strip(), lastAudit("login.failed", email).detail));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong-audience | audience | was meant for another application | oidc: the ID token was issued for another application",
            "expired        | expired  | had already expired               | oidc: the ID token had expired",
            "wrong-nonce    | nonce    | belongs to a different sign-in    | oidc: the ID token's nonce did not match this sign-in",
    })
    @DisplayName("An ID token signed by the provider but for another audience, expired, or with another nonce is refused")
    void refusedIdTokens(String mode, String code, String shown, String audited) {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        ProviderAccount at = register(Map.of("email", account.email(), "email_verified", true));
        OidcBrowser browser = new OidcBrowser();
        long failuresBefore = countAudit("login.failed", "oidc: %");

        tamper(mode.strip());
        OidcBrowser.Hop callback = signInAtProvider(browser, "/", at);
        assertEquals(303, callback.status(), () -> "refused to the sign-in page: " + callback.body());
        assertEquals("/login?sso=" + code.strip(), callback.location());
        OidcBrowser.Hop page = browser.get(portal(callback.location()));
        assertEquals(200, page.status());
        assertTrue(page.body().contains(shown.strip()), page.body());
        assertNoSession(browser, callback);
        assertEquals(failuresBefore + 1, countAudit("login.failed", "oidc: %"));
        assertEquals(audited.strip(), lastAudit("login.failed", "").detail);
        QuarkusTransaction.requiringNew().run(() -> assertEquals(0, UserSession.count("user.id = ?1", account.id())));
    }

    @Test
    @DisplayName("The password form still signs people in while single sign-on is on")
    void passwordStillWorks() {
        PortalClient.anonymous().signIn(TestAccounts.of(Role.ADMIN));
        PortalClient.anonymous().signIn(TestAccounts.of(Role.VIEWER));
    }

    @Test
    @DisplayName("An OIDC cookie opens nothing but the callback: elsewhere only the Hindsight session counts")
    void oidcCookiesOpenNothingElse() {
        assertEquals(303, PortalClient.anonymous().withCookie("q_session_hindsight", "anything")
                .withCookie("q_session", "anything").get("/incidents").statusCode());
    }

    // --- helpers ---------------------------------------------------------------------------------------

    record ProviderAccount(String login, String password) {
    }

    private ProviderAccount register(Map<String, Object> claims) {
        String login = "person-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "provider password " + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("password", password);
        body.put("claims", claims);
        control("PUT", "/test/accounts/" + login, body);
        return new ProviderAccount(login, password);
    }

    static void control(String issuer, String method, String path, Map<String, Object> body) {
        try {
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + path))
                    .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, response.statusCode(), () -> method + " " + path + ": " + response.body());
        } catch (Exception e) {
            throw new AssertionError("the provider's control API did not answer", e);
        }
    }

    private void control(String method, String path, Map<String, Object> body) {
        control(issuer.orElseThrow(), method, path, body);
    }

    private void tamper(String mode) {
        control("POST", "/test/tamper", Map.of("mode", mode));
    }

    static URI portal(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    /**
     * From the sign-in button to the provider's form and back: checks the authorization request (code flow,
     * PKCE with S256, a nonce, the registered redirect URI) and returns Hindsight's answer to the callback.
     */
    static OidcBrowser.Hop signInAtProvider(OidcBrowser browser, String next, ProviderAccount account) {
        OidcBrowser.Hop start = browser.get(portal("/login/oidc/start?next=" + next));
        assertEquals(303, start.status(), start.body());
        OidcBrowser.Hop challenge = browser.get(portal(start.location()));
        assertEquals(302, challenge.status(), () -> "sent to the provider: " + challenge.body());
        URI authorize = URI.create(challenge.location());
        Map<String, String> query = query(authorize);
        assertAll("the authorization request",
                () -> assertEquals("code", query.get("response_type")),
                () -> assertEquals(OidcProviderResource.CLIENT_ID, query.get("client_id")),
                () -> assertEquals(portal("/login/oidc").toString(), query.get("redirect_uri")),
                () -> assertEquals("S256", query.get("code_challenge_method")),
                () -> assertTrue(query.getOrDefault("code_challenge", "").matches("[A-Za-z0-9_-]{43}"), "a PKCE code challenge"),
                () -> assertFalse(query.getOrDefault("nonce", "").isEmpty(), "a nonce"),
                () -> assertFalse(query.getOrDefault("state", "").isEmpty(), "a state"),
                () -> assertTrue(query.getOrDefault("scope", "").contains("openid"), "the openid scope"));

        OidcBrowser.Hop form = browser.followWhile(browser.get(authorize), authorize.getHost());
        assertEquals(200, form.status(), () -> "the provider's sign-in form: " + form.body());
        assertTrue(form.body().contains("name=\"password\""), form.body());
        OidcBrowser.Hop signedIn = browser.post(OidcBrowser.formAction(form),
                Map.of("login", account.login(), "password", account.password()));
        OidcBrowser.Hop back = browser.followWhile(signedIn, authorize.getHost());
        assertTrue(back.status() / 100 == 3 && back.location().startsWith(portal("/login/oidc?").toString()),
                () -> "the provider sends the browser back with a code: " + back.status() + " " + back.location() + " " + back.body());
        assertTrue(query(URI.create(back.location())).containsKey("code"));
        return browser.get(URI.create(back.location()));
    }

    private static void assertNoSession(OidcBrowser browser, OidcBrowser.Hop callback) {
        assertTrue(callback.storedCookies().stream().noneMatch(c -> c.getName().equals(PortalClient.SESSION_COOKIE)
                        || c.getName().startsWith("q_")),
                () -> "no session cookie of any kind: " + callback.setCookies());
        List<HttpCookie> kept = browser.cookiesFor(portal("/login/oidc"));
        assertTrue(kept.stream().noneMatch(c -> c.getName().equals(PortalClient.SESSION_COOKIE) || c.getName().startsWith("q_")),
                () -> "the browser holds no session: " + kept);
        OidcBrowser.Hop home = browser.get(portal("/"));
        assertEquals(303, home.status(), "still signed out");
        assertNotNull(home.location());
        assertTrue(home.location().startsWith("/login"), home.location());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return out;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static AuditEvent lastAudit(String action, String email) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                        "action = ?1 AND subject = ?2 ORDER BY id DESC", action, io.hindsight.audit.AuditSubject.email(email))
                .firstResultOptional().orElseThrow(() -> new AssertionError("no " + action + " for " + email + " in the audit log")));
    }

    static long countAudit(String action, String detailPattern) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("action = ?1 AND detail LIKE ?2", action, detailPattern));
    }
}
