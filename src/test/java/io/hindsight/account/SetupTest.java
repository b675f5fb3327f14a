package io.hindsight.account;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** D17 No default password: the one-time setup page exists only while nobody does. */
@QuarkusTest
@DisplayName("D17 One-time setup")
class SetupTest {

    @Test
    @DisplayName("D17 /setup is 404 once someone exists, for GET and POST, and POST creates nobody")
    void d17_setupIsGoneOnceAnyoneExists() {
        TestAccounts.of(Role.VIEWER); // someone exists
        PortalClient browser = PortalClient.anonymous();
        String csrf = browser.open("/login").csrfToken();

        assertEquals(404, browser.get("/setup").statusCode());
        Response post = browser.postForm("/setup", Map.of("email", "intruder@evil.example", "name", "Intruder",
                "password", "a long enough password", "csrf-token", csrf));

        assertEquals(404, post.statusCode());
        assertFalse(QuarkusTransaction.requiringNew().call(() -> User.findByEmail("intruder@evil.example").isPresent()));
    }

    @Test
    @DisplayName("D17 the login page never offers setup once someone exists")
    void d17_loginDoesNotRedirectToSetupOnceAnyoneExists() {
        TestAccounts.of(Role.VIEWER);
        Response login = RestAssured.given().redirects().follow(false).get("/login");
        assertEquals(200, login.statusCode());
    }
}
