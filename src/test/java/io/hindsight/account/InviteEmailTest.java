package io.hindsight.account;

import io.hindsight.PortalClient;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An invite names an address mail can be sent to, written as people type it: nothing that belongs around an address,
 * and no letter that only looks like ASCII (a second account that reads like someone else's).
 */
@QuarkusTest
class InviteEmailTest {

    @Test
    void addressesThatAreNotPlainMailAddressesAreRefusedAndNoAccountIsMade() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String id = Incidents.shortId();
        for (String email : List.of("<ada-" + id + "@example.com>", "javascript:alert(1)-" + id + "@example.com",
                "ＡＤＡ-" + id + "@example.com", "ada-" + id + "@exаmple.com", "ada-" + id + "@example.com.",
                "ada-" + id + "@example", "\"ada " + id + "\"@example.com", "ada-" + id + "@-example.com", "ada.." + id + "@example.com")) {
            Response refused = admin.open("/admin/users").submit("/admin/users",
                    Map.of("name", "Odd Address", "email", email, "role", "VIEWER", "password", "an odd address is refused " + id));
            assertEquals(400, refused.statusCode(), email);
            assertTrue(refused.asString().contains("Enter an email address like ada@example.com."), email);
            assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> User.count("email", User.normalize(email))), email);
        }
    }

    @Test
    void ordinaryAddressesStillWork() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String id = Incidents.shortId();
        for (String email : List.of("ada.lovelace+" + id + "@example.com", "o'brien-" + id + "@mail.example.co.uk",
                "ops_" + id + "@xn--bcher-kva.example")) {
            Response invited = admin.open("/admin/users").submit("/admin/users",
                    Map.of("name", "Ordinary Address", "email", email, "role", "VIEWER", "password", "an ordinary address works " + id));
            assertEquals(303, invited.statusCode(), email + ": " + invited.asString());
        }
    }
}
