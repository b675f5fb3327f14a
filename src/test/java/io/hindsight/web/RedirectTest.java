package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A forged Host header never becomes the address a redirect sends someone to. */
@QuarkusTest
class RedirectTest {

    @Test
    void signingInWithAForgedHostRedirectsWithinThePortal() {
        TestAccounts.Account account = TestAccounts.of(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous();
        PortalClient.FormPage login = browser.open("/login");
        browser.header("Host", "evil.example");
        Response signedIn = login.submit("/login", Map.of("email", account.email(), "password", account.password(), "next", "/incidents"));

        assertEquals(303, signedIn.statusCode(), signedIn::asString);
        assertEquals("/incidents", signedIn.header("Location"));
    }

    @Test
    void redirectsAfterAChangeAndCreatedResourcesArePaths() {
        long id = Incidents.draftJson().create();
        Response moment = PortalClient.api().header("Host", "evil.example")
                .body(Map.of("occurred_at", java.time.Instant.now().minusSeconds(60).toString(), "kind", "ACTION", "description", "Paged"))
                .post(Incidents.API + "/" + id + "/timeline");
        assertEquals(201, moment.statusCode(), moment::asString);
        assertFalse(moment.header("Location").contains("evil.example"), moment.header("Location"));
        assertTrue(moment.header("Location").startsWith("/api/v1/incidents/"), moment.header("Location"));
    }
}
