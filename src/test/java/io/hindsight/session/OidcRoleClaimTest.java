package io.hindsight.session;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Single sign-on with roles from the provider's {@code groups} claim, and the password form hidden from
 * everyone but admins.
 */
@QuarkusTest
@TestProfile(OidcRoleClaimTest.RolesFromProvider.class)
class OidcRoleClaimTest {

    public static class RolesFromProvider implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcProviderResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hindsight.oidc.role-claim", "groups",
                    "hindsight.oidc.role-mapping", "hindsight-admins=admin,engineering=editor,everyone=viewer",
                    "hindsight.oidc.scopes", "email,profile,groups",
                    "hindsight.oidc.hide-local-login", "true");
        }
    }

    @ConfigProperty(name = OidcProviderResource.AVAILABLE, defaultValue = "false")
    boolean providerAvailable;

    @ConfigProperty(name = "hindsight.oidc.issuer")
    Optional<String> issuer;

    @BeforeEach
    void providerRuns() {
        assumeTrue(providerAvailable, "the OpenID provider needs Node and npm (see OidcProviderResource)");
    }

    @Test
    @DisplayName("The role claim decides the role: the highest mapped value wins")
    void roleFromClaim() {
        TestAccounts.Account account = TestAccounts.fresh(Role.VIEWER);
        OidcSignInTest.ProviderAccount at = register(Map.of("email", account.email(), "email_verified", true,
                "groups", List.of("everyone", "engineering", "not-mapped")));
        OidcBrowser browser = new OidcBrowser();
        OidcBrowser.Hop callback = OidcSignInTest.signInAtProvider(browser, "/", at);
        assertEquals(303, callback.status(), callback.body());
        assertEquals(Role.EDITOR, QuarkusTransaction.requiringNew().call(() -> User.<User>findById(account.id()).role));
        assertTrue(OidcSignInTest.lastAudit("login.succeeded", account.email()).detail.equals("oidc"));
        assertEquals(200, browser.get(OidcSignInTest.portal("/incidents")).status(), "signed in, with the new role");
    }

    @Test
    @DisplayName("No mapped value in the role claim: refused, the local role untouched")
    void noMappedRole() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        OidcSignInTest.ProviderAccount at = register(Map.of("email", account.email(), "email_verified", true,
                "groups", List.of("contractors")));
        OidcBrowser browser = new OidcBrowser();
        OidcBrowser.Hop callback = OidcSignInTest.signInAtProvider(browser, "/", at);
        assertEquals(403, callback.status());
        assertTrue(callback.body().contains("gives you no Hindsight role"), callback.body());
        assertTrue(callback.storedCookies().stream().noneMatch(c -> c.getName().equals(PortalClient.SESSION_COOKIE)));
        assertEquals("oidc: no Hindsight role in the groups claim", OidcSignInTest.lastAudit("login.failed", account.email()).detail);
        assertEquals(Role.EDITOR, QuarkusTransaction.requiringNew().call(() -> User.<User>findById(account.id()).role));
    }

    @Test
    @DisplayName("With the password form hidden, only admins sign in with a password")
    void passwordFormForAdminsOnly() {
        Response login = PortalClient.anonymous().get("/login");
        assertEquals(200, login.statusCode());
        String html = login.asString();
        assertTrue(html.contains("Sign in with " + OidcProviderResource.PROVIDER_NAME));
        assertFalse(html.contains("name=\"password\""), "no password form by default");
        assertTrue(html.contains("/login?local=1"), "a way to the password form for admins");

        TestAccounts.Account admin = TestAccounts.of(Role.ADMIN);
        PortalClient adminBrowser = PortalClient.anonymous();
        Response signedIn = adminBrowser.open("/login?local=1").submit("/login",
                Map.of("email", admin.email(), "password", admin.password(), "next", "/"));
        assertEquals(303, signedIn.statusCode(), signedIn.asString());
        assertTrue(adminBrowser.cookie(PortalClient.SESSION_COOKIE) != null, "an admin still signs in with a password");

        TestAccounts.Account editor = TestAccounts.of(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous();
        Response refused = browser.open("/login?local=1").submit("/login",
                Map.of("email", editor.email(), "password", editor.password(), "next", "/"));
        assertEquals(401, refused.statusCode());
        assertTrue(refused.asString().contains("The password form is for admins only"), refused.asString());
        // The same answer as a wrong password: it never tells whether the password was right.
        Response wrong = PortalClient.anonymous().open("/login?local=1").submit("/login",
                Map.of("email", editor.email(), "password", "not the password at all", "next", "/"));
        assertEquals(401, wrong.statusCode());
        String answer = "That email and password do not match an active account. The password form is for admins only";
        assertTrue(refused.asString().contains(answer), refused.asString());
        assertTrue(wrong.asString().contains(answer), wrong.asString());
        assertEquals(null, browser.cookie(PortalClient.SESSION_COOKIE));
    }

    private OidcSignInTest.ProviderAccount register(Map<String, Object> claims) {
        String login = "person-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "provider password " + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("password", password);
        body.put("claims", claims);
        OidcSignInTest.control(issuer.orElseThrow(), "PUT", "/test/accounts/" + login, body);
        return new OidcSignInTest.ProviderAccount(login, password);
    }
}
