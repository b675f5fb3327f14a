package io.hindsight.web;

import io.hindsight.Addresses;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.SetCookies;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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

    @TestHTTPResource("/")
    URL portal;

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

    /**
     * A POST that declares no body type at all (or {@code text/plain}, which another site's form may send) is no form,
     * so the CSRF check has nothing to verify: it is refused before any resource runs, whatever the route declares.
     * Sent with Java's own client: REST Assured would add a form type to a POST without one.
     */
    @Test
    @DisplayName("E a delete, create or edit POST with only the session cookie and no form type → 415 page, nothing changed")
    void e_aPostWithoutAFormTypeChangesNothing() throws Exception {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        String tag = Incidents.uniqueTag();
        long incidentId = Incidents.draftJson().tags(tag).create();
        String title = Incidents.read(incidentId).jsonPath().getString("title");
        long entryId = timelineEntry(incidentId);
        String entry = "/incidents/" + incidentId + "/timeline/" + entryId;

        for (String type : new String[] {null, "text/plain", "text/plain;charset=UTF-8", "application/octet-stream"}) {
            for (String path : List.of(entry + "/delete", entry + "/edit", "/incidents/" + incidentId + "/edit", "/incidents",
                    "/incidents/" + incidentId + "/delete", "/logout")) {
                assertUnsupported(send(editor, "POST", path, type, type == null ? null : "title=Forged&tags=" + tag),
                        type + " POST " + path);
            }
        }
        assertEquals(200, PortalClient.api().get(Incidents.API + "/" + incidentId + "/timeline/" + entryId).statusCode(),
                "the timeline entry is still there");
        assertEquals(title, Incidents.read(incidentId).jsonPath().getString("title"));
        assertEquals(1, Incidents.countTagged(tag));
        assertEquals(200, editor.get("/incidents").statusCode(), "still signed in");

        // The API never takes the cookie for a change (ApiCookieWriteTest), with no body type either.
        for (String type : new String[] {null, "text/plain"}) {
            HttpResponse<String> api = send(editor, "DELETE", Incidents.API + "/" + incidentId, type, type == null ? null : "x");
            assertEquals(403, api.statusCode(), api.body());
            HttpResponse<String> imported = send(editor, "POST", "/api/v1/incidents/import", type,
                    type == null ? null : "# Forged " + tag + "\n\n## What happened\nNothing.\n");
            assertEquals(403, imported.statusCode(), imported.body());
        }
        assertEquals(200, PortalClient.api().get(Incidents.API + "/" + incidentId).statusCode(), "the incident is still there");
    }

    @Test
    @DisplayName("E a path that names the API and leads to a page is held to the pages' rule")
    void e_aPathSpelledThroughTheApiIsStillAPage() throws Exception {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        long incidentId = Incidents.draftJson().create();
        long entryId = timelineEntry(incidentId);
        for (String prefix : List.of("/api/../incidents/", "/api/v1/../../incidents/", "/api/%2e%2e/incidents/", "/api/%2E%2E/incidents/")) {
            HttpResponse<String> response = send(editor, "POST", prefix + incidentId + "/timeline/" + entryId + "/delete", null, null);
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, prefix + " → " + response.statusCode());
        }
        assertEquals(200, PortalClient.api().get(Incidents.API + "/" + incidentId + "/timeline/" + entryId).statusCode(),
                "the timeline entry is still there");
    }

    @Test
    @DisplayName("E sign-in and setup without a form type → 415 page (not a 500 while drawing the form again), no session")
    void e_signInWithoutAFormTypeIsRefused() throws Exception {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().from(Addresses.unique());
        browser.open("/login");
        for (String type : new String[] {null, "text/plain"}) {
            HttpResponse<String> response = send(browser, "POST", "/login", type,
                    type == null ? null : "email=" + account.email() + "&password=" + account.password());
            assertUnsupported(response, type + " POST /login");
            assertTrue(response.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith(PortalClient.SESSION_COOKIE + "=")),
                    "no session cookie");
        }
        assertUnsupported(send(browser, "POST", "/setup", null, null), "POST /setup");
        assertUnsupported(send(browser, "POST", "/setup/restore", null, null), "POST /setup/restore");
    }

    private static long timelineEntry(long incidentId) {
        return PortalClient.api().body(Map.of("occurred_at", Instant.now().minusSeconds(600).toString(), "kind", "ACTION",
                        "description", "Rolled back"))
                .post(Incidents.API + "/" + incidentId + "/timeline").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Sends exactly what is given, as this browser (its cookies): no Content-Type header when {@code type} is null. */
    private HttpResponse<String> send(PortalClient browser, String method, String path, String type, String body) throws Exception {
        StringBuilder cookies = new StringBuilder();
        for (String name : List.of(PortalClient.SESSION_COOKIE, PortalClient.CSRF_COOKIE)) {
            if (browser.cookie(name) != null) {
                cookies.append(cookies.isEmpty() ? "" : "; ").append(name).append('=').append(browser.cookie(name));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(portal.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "text/html")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.toString());
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnsupported(HttpResponse<String> response, String what) {
        assertEquals(415, response.statusCode(), () -> what + " → " + response.statusCode() + " "
                + response.headers().firstValue("Location").orElse(response.body()));
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), what);
        assertTrue(response.body().contains("That content type is not accepted here"), () -> what + " → " + response.body());
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
