package io.hindsight.web;

import io.hindsight.Addresses;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.SetCookies;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * B12/E CSRF: every state-changing form needs the token from a page of this site; other content
 * types do not reach form routes at all (415). Each refused attempt is checked to have written nothing.
 */
@QuarkusTest
@DisplayName("B12/E CSRF protection of forms")
class CsrfTest {

    private static void assertRefused(Response response, String what) {
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500,
                () -> what + " should be refused with a 4xx, got " + response.statusCode() + " " + response.header("Location"));
    }

    private static Map<String, String> incidentForm(String tag) {
        return new LinkedHashMap<>(Incidents.draftForm().set("tags", tag).fields());
    }

    @Test
    @DisplayName("B12 POST /incidents without a CSRF token → 4xx, nothing recorded")
    void b12_formWithoutTokenIsRefused() {
        PortalClient editor = PortalClient.browser();
        editor.open("/incidents/new"); // the browser holds the CSRF cookie, but the form lacks the field
        String tag = Incidents.uniqueTag();

        assertRefused(editor.postForm("/incidents", incidentForm(tag)), "no token");
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("B12 POST /incidents with a wrong CSRF token → 4xx, nothing recorded")
    void b12_formWithWrongTokenIsRefused() {
        PortalClient editor = PortalClient.browser();
        FormPage page = editor.open("/incidents/new");
        String tag = Incidents.uniqueTag();
        Map<String, String> fields = incidentForm(tag);
        fields.put(PortalClient.CSRF_FIELD, page.csrfToken().substring(1) + "x");

        assertRefused(editor.postForm("/incidents", fields), "wrong token");
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("B12 a token taken from another browser does not fit this browser's cookie → 4xx, nothing recorded")
    void b12_tokenOfAnotherBrowserIsRefused() {
        PortalClient attacker = PortalClient.browser();
        String attackersToken = attacker.open("/incidents/new").csrfToken();
        PortalClient victim = PortalClient.browser();
        victim.open("/incidents/new");
        String tag = Incidents.uniqueTag();
        Map<String, String> fields = incidentForm(tag);
        fields.put(PortalClient.CSRF_FIELD, attackersToken);

        assertRefused(victim.postForm("/incidents", fields), "someone else's token");
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("B12 control: the same form with its own token records the incident")
    void b12_formWithItsTokenIsAccepted() {
        PortalClient editor = PortalClient.browser();
        String tag = Incidents.uniqueTag();

        assertEquals(303, editor.open("/incidents/new").submit("/incidents", incidentForm(tag)).statusCode());
        assertEquals(1, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("E a JSON POST to a page route → 415, nothing recorded")
    void e_jsonToAPageRouteIsUnsupported() {
        PortalClient editor = PortalClient.browser();
        String tag = Incidents.uniqueTag();

        Response response = editor.request().contentType(ContentType.JSON).accept(ContentType.HTML)
                .body(Incidents.draftJson().tags(tag).body()).post("/incidents");

        assertEquals(415, response.statusCode());
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("E a text/plain POST (what a cross-site form may send) to a page route → 415, nothing recorded")
    void e_textPlainToAPageRouteIsUnsupported() {
        PortalClient editor = PortalClient.browser();
        String tag = Incidents.uniqueTag();
        StringBuilder body = new StringBuilder();
        incidentForm(tag).forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));

        Response response = editor.request().contentType(ContentType.TEXT).accept(ContentType.HTML)
                .body(body.toString()).post("/incidents");

        assertEquals(415, response.statusCode());
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("B12 sign-out without a token is refused and the session stays (no forced sign-out from other sites)")
    void b12_logoutNeedsAToken() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        browser.open("/incidents");

        assertRefused(browser.postForm("/logout", Map.of()), "sign-out without token");
        assertCookieAccepted(browser.cookie(PortalClient.SESSION_COOKIE));
    }

    @Test
    @DisplayName("B12 sign-in without a token is refused and sets no session (no login CSRF)")
    void b12_loginNeedsAToken() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().from(Addresses.unique());
        browser.open("/login");

        Response response = browser.postForm("/login", Map.of("email", account.email(), "password", account.password(), "next", "/"));

        assertRefused(response, "sign-in without token");
        assertTrue(SetCookies.named(response, PortalClient.SESSION_COOKIE).isEmpty(), "no session cookie");
    }

    @Test
    @DisplayName("B12 changing one's password without a token is refused and the password stays")
    void b12_passwordChangeNeedsAToken() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().signIn(account);
        browser.open("/account/password");

        assertRefused(browser.postForm("/account/password", Map.of("current", account.password(),
                "password", "an attacker's chosen words", "confirmation", "an attacker's chosen words")), "password change");
        assertCookieAccepted(browser.cookie(PortalClient.SESSION_COOKIE));
        PortalClient.anonymous().signIn(account);
    }
}
