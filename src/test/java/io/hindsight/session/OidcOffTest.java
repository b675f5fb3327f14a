package io.hindsight.session;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without an issuer configured, single sign-on does not exist: no button, no OIDC routes, no OIDC cookies honoured. */
@QuarkusTest
class OidcOffTest {

    @Test
    @DisplayName("The sign-in page offers only the password form")
    void noButton() {
        TestAccounts.of(Role.VIEWER); // with nobody yet, /login would open the first-run setup
        String html = PortalClient.anonymous().get("/login").asString();
        assertFalse(html.contains("Sign in with"), html);
        assertTrue(html.contains("name=\"password\""));
    }

    @Test
    @DisplayName("The single sign-on paths are not public and lead nowhere")
    void noRoutes() {
        Response start = PortalClient.anonymous().get("/login/oidc/start?next=/incidents");
        assertEquals(303, start.statusCode());
        assertTrue(PortalClient.location(start).startsWith("/login?next="), PortalClient.location(start));
        Response callback = PortalClient.anonymous().get("/login/oidc?code=abc&state=def");
        assertEquals(303, callback.statusCode());
        assertTrue(PortalClient.location(callback).startsWith("/login?next="), "not sent to any provider");
        assertEquals(404, PortalClient.browserAs(Role.VIEWER).get("/login/oidc/start").statusCode());
    }

    @Test
    @DisplayName("OIDC cookies sign nobody in")
    void oidcCookiesIgnored() {
        assertEquals(303, PortalClient.anonymous().withCookie("q_session", "anything")
                .withCookie("q_session_hindsight", "anything").get("/incidents").statusCode());
    }
}
