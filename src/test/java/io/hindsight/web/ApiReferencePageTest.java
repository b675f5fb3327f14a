package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API reference page (Swagger UI over /q/openapi): for signed-in people, linked from their API tokens. */
@QuarkusTest
class ApiReferencePageTest {

    @Test
    void aSignedInPersonReadsTheReference() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        Response page = viewer.get(ApiReferencePage.PATH + "/");
        assertEquals(200, page.statusCode());
        String html = page.asString();
        assertTrue(html.contains("id=\"swagger-ui\""), html);
        assertTrue(html.contains("/q/openapi"), "the page reads the API's own document: " + html);
        assertEquals(200, viewer.request().get(ApiReferencePage.PATH + "/swagger-ui-bundle.js").statusCode());

        Map<String, String> csp = SecurityHeadersTest.directives(page.header("Content-Security-Policy"));
        assertTrue(csp.get("script-src").contains("'unsafe-inline'"), "Swagger UI starts with an inline script");
        assertEquals("'none'", csp.get("frame-ancestors"));
        Map<String, String> elsewhere = SecurityHeadersTest.directives(viewer.get("/account/tokens").header("Content-Security-Policy"));
        assertFalse(elsewhere.get("script-src").contains("unsafe-inline"), "only the reference relaxes the policy");
    }

    @Test
    void anonymousPeopleAreSentToSignIn() {
        TestAccounts.of(Role.VIEWER); // otherwise /login sends to the one-time setup
        Response page = PortalClient.anonymous().get(ApiReferencePage.PATH + "/");
        assertEquals(303, page.statusCode());
        assertTrue(page.header("Location").startsWith("/login?next="), page.header("Location"));
        assertFalse(page.asString().contains("swagger-ui"));
        assertEquals(401, PortalClient.anonymous().request().get("/q/openapi").statusCode(), "the document too is private");
    }

    @Test
    void theApiTokensPageLinksToTheReference() {
        String html = PortalClient.browser().get("/account/tokens").then().statusCode(200).extract().asString();
        assertTrue(html.contains("href=\"" + ApiReferencePage.PATH + "/\""), html);
    }
}
