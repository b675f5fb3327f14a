package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** E19 Security headers: a CSP without inline scripts that forbids framing, nosniff, same-origin referrers. */
@QuarkusTest
@DisplayName("E19 Security headers")
class SecurityHeadersTest {

    @BeforeEach
    void someoneExists() {
        TestAccounts.of(Role.VIEWER); // otherwise /login sends to the one-time setup
    }

    /** The directives of a Content-Security-Policy, by name. */
    static Map<String, String> directives(String csp) {
        Map<String, String> byName = new LinkedHashMap<>();
        Arrays.stream(csp.split(";")).map(String::strip).filter(d -> !d.isEmpty()).forEach(d -> {
            int space = d.indexOf(' ');
            byName.put((space < 0 ? d : d.substring(0, space)).toLowerCase(Locale.ROOT), space < 0 ? "" : d.substring(space + 1));
        });
        return byName;
    }

    static void assertSecurityHeaders(Response response, String what) {
        String csp = response.header("Content-Security-Policy");
        assertNotNull(csp, what + " has a Content-Security-Policy");
        Map<String, String> d = directives(csp);
        String scripts = d.getOrDefault("script-src", d.getOrDefault("default-src", ""));
        assertAll(what,
                () -> assertFalse(scripts.isEmpty(), "scripts are restricted"),
                () -> assertFalse(scripts.contains("'unsafe-inline'"), "no inline scripts: " + csp),
                () -> assertFalse(scripts.contains("'unsafe-eval'"), "no eval: " + csp),
                () -> assertFalse(scripts.contains("*"), "no wildcard script source: " + csp),
                () -> assertEquals("'none'", d.get("frame-ancestors"), "no framing: " + csp),
                () -> assertEquals("'none'", d.get("object-src"), "no plugins: " + csp),
                () -> assertEquals("nosniff", response.header("X-Content-Type-Options")),
                () -> assertEquals("same-origin", response.header("Referrer-Policy")));
    }

    @Test
    @DisplayName("E19 the login page carries the security headers")
    void e19_loginPageHasSecurityHeaders() {
        Response login = RestAssured.given().redirects().follow(false).get("/login");
        assertEquals(200, login.statusCode());
        assertSecurityHeaders(login, "GET /login");
    }

    @Test
    @DisplayName("E19 signed-in pages, the sign-in redirect and API errors carry them too")
    void e19_otherResponsesHaveSecurityHeaders() {
        assertSecurityHeaders(PortalClient.browser().get("/incidents"), "a signed-in page");
        Response challenge = RestAssured.given().redirects().follow(false).get("/incidents");
        assertEquals(303, challenge.statusCode());
        assertSecurityHeaders(challenge, "the redirect to sign in");
        assertTrue(String.valueOf(challenge.header("Cache-Control")).contains("no-store"), "the challenge is not cached");
        assertSecurityHeaders(RestAssured.given().get("/api/v1/incidents"), "a 401 problem");
    }
}
