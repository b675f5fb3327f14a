package io.hindsight.incident;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names and titles refuse the invisible characters that change the direction text is shown in (a right-to-left
 * override makes "txt.exe" read as "exe.txt", a person's name read as someone else's), and keep every script's own
 * letters: Arabic and Hebrew titles need none of them.
 */
@QuarkusTest
class DirectionControlsTest {

    private static final List<String> CONTROLS = List.of("\u202E", "\u202D", "\u202A", "\u2066", "\u2067", "\u2068", "\u2069");

    @Test
    void anIncidentTitleWithADirectionControlIsRefusedOnTheApiAndNothingIsWritten() {
        for (String control : CONTROLS) {
            String tag = Incidents.uniqueTag();
            Response refused = PortalClient.api()
                    .body(Incidents.draftJson().title("Invoice " + control + "fdp.exe export failed").tags(tag).body())
                    .post(Incidents.API);
            Map<String, String> errors = ProblemAssertions.assertProblem(refused, 400, "title");
            assertTrue(errors.get("title").contains("change the direction"), errors.toString());
            assertEquals(0, Incidents.countTagged(tag), "nothing written for U+" + Integer.toHexString(control.charAt(0)));
        }
    }

    @Test
    void anIncidentTitleWithADirectionControlIsRefusedOnTheForm() {
        PortalClient editor = PortalClient.browser();
        String tag = Incidents.uniqueTag();
        Response refused = editor.open("/incidents/new").submit("/incidents",
                Incidents.draftForm().set("title", "Payroll \u202Eedoc\u202C export stuck").set("tags", tag).fields());
        assertEquals(400, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("change the direction in which the title is shown"), refused.asString());
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    void rightToLeftScriptsNeedNoControlAndAreKept() {
        for (String title : List.of("انقطاع قاعدة البيانات بعد النشر", "השירות לא זמין אחרי פריסה", "API انقطاع in checkout")) {
            long id = PortalClient.api().body(Incidents.draftJson().title(title).body()).post(Incidents.API)
                    .then().statusCode(201).extract().jsonPath().getLong("id");
            assertEquals(title, Incidents.read(id).jsonPath().getString("title"));
        }
    }

    @Test
    void aPersonsNameWithADirectionControlIsRefusedAndNoAccountIsMade() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String email = "rtl-" + Incidents.shortId() + "@example.com";
        Response refused = admin.open("/admin/users").submit("/admin/users", Map.of("name", "Ada \u202Enimda",
                "email", email, "role", "VIEWER", "password", "a name that reads backwards " + email));
        assertEquals(400, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("changes the direction in which the text is shown"), refused.asString());
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> User.count("email", email)));
    }

    @Test
    void aTokenNameWithADirectionControlIsRefused() {
        PortalClient editor = PortalClient.browser();
        Response refused = editor.open("/account/tokens").submit("/account/tokens",
                Map.of("name", "deploy \u2067bot", "scope", "READ", "days", "30"));
        assertEquals(400, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("U+2067"), refused.asString());
    }
}
