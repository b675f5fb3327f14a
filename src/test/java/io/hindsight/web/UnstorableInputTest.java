package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text PostgreSQL cannot store (NUL), other control characters and halves of characters: refused with a
 * message naming the field in forms and the API, dropped from search and filter parameters; never a 500 and
 * never a row.
 */
@QuarkusTest
class UnstorableInputTest {

    @Test
    void searchAndFilterParametersIgnoreTheCharacters() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        for (String address : List.of("/incidents?q=%00", "/incidents?tag=%00", "/incidents?service=a%00b", "/lessons?tag=%00",
                "/incidents?q=%ED%A0%80", "/incidents?q=a%07b&status=%00", "/action-items?q=%1B")) {
            Response page = viewer.visit(address);
            assertEquals(200, page.statusCode(), address);
        }
        Response api = PortalClient.api().urlEncodingEnabled(false).get(Incidents.API + "?q=%00");
        assertEquals(200, api.statusCode(), api.asString());
    }

    @Test
    void theApiRefusesATitleWithANulOrHalfACharacterNamingTheField() {
        for (String title : List.of("nul \u0000 " + Incidents.shortId(), "bell \u0007 " + Incidents.shortId())) {
            Map<String, Object> body = Incidents.draftJson().title(title).body();
            Response refused = PortalClient.api().body(body).post(Incidents.API);
            Map<String, String> errors = ProblemAssertions.assertProblem(refused, 400, "title");
            assertTrue(errors.get("title").contains("control character"), errors.toString());
        }
        // A lone surrogate can only be sent as a JSON escape.
        String json = "{\"title\":\"half \\ud83d of a face\",\"severity\":\"SEV2\",\"status\":\"INVESTIGATING\","
                + "\"started_at\":\"2026-03-01T10:00:00Z\"}";
        Response refused = PortalClient.api().body(json).post(Incidents.API);
        Map<String, String> errors = ProblemAssertions.assertProblem(refused, 400, "title");
        assertTrue(errors.get("title").contains("cut in two"), errors.toString());
        // Inside a list too.
        Response tags = PortalClient.api().body(Incidents.draftJson().tags("ok", "bad\u0000tag").body()).post(Incidents.API);
        assertEquals(400, tags.statusCode(), tags.asString());
    }

    @Test
    void theIncidentFormRefusesTheCharacterWithAMessageAndWritesNothing() {
        String tag = Incidents.uniqueTag();
        PortalClient editor = PortalClient.browser();
        Response refused = editor.open("/incidents/new").submit("/incidents",
                Incidents.draftForm().set("title", "nul \u0000 here").set("tags", tag).fields());
        String html = refused.asString();
        assertAll(
                () -> assertEquals(400, refused.statusCode(), html),
                () -> assertTrue(html.contains("Title contains a control character (U+0000, NUL) that cannot be stored"), html),
                () -> assertEquals(0, Incidents.countTagged(tag)));
    }

    @Test
    void signInWithANulIsAClearRefusalNotAnError() {
        Response page = PortalClient.anonymous().open("/login").submit("/login", Map.of("email", "nul\u0000@x.example", "password", "x"));
        assertEquals(400, page.statusCode(), page.asString());
        assertTrue(page.asString().contains("Email contains a control character"), page.asString());

        Response token = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", "nul\u0000@x.example", "password", "x")).post("/api/v1/auth/token");
        ProblemAssertions.assertProblem(token, 400, "email");
    }

    @Test
    void aMarkdownImportWithANulIsRefused() {
        String tag = Incidents.uniqueTag();
        Response refused = PortalClient.api().contentType("text/markdown")
                .body("# nul \u0000 title\n\ntags: " + tag + "\n\n## Summary\n\nText.\n").post(Incidents.API + "/import");
        assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, refused.statusCode() + " " + refused.asString());
        assertTrue(refused.asString().contains("control character"), refused.asString());
    }
}
