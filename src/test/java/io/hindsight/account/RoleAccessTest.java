package io.hindsight.account;

import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.ProblemAssertions;
import io.hindsight.TestAccounts;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Roles on every mutating route: a viewer reads but changes nothing (403 on each POST page route and
 * each POST/PUT API route); an editor does not manage people. Pages answer 403 with a friendly page,
 * the API with a problem document. Each attempt sends a valid body, so a missing check would write.
 */
@QuarkusTest
@DisplayName("D Roles on every mutating route")
class RoleAccessTest {

    long incident;
    long entry;
    long withPostmortem;
    String title;

    @BeforeEach
    void incidentsToTouch() {
        Incidents.IncidentJson json = Incidents.draftJson();
        title = json.title();
        incident = json.create();
        entry = PortalClient.api().body(Map.of("occurred_at", Instant.now().minusSeconds(600).toString(), "kind", "ACTION",
                "description", "Rolled back the deploy.")).post(Incidents.API + "/" + incident + "/timeline")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        withPostmortem = Incidents.draftJson().create();
        Postmortems.put(withPostmortem, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
    }

    private static void assertFriendlyForbiddenPage(Response response, String what) {
        assertEquals(403, response.statusCode(), () -> what + " → " + response.statusCode() + " " + response.header("Location"));
        assertTrue(response.contentType().startsWith("text/html"), what + " answers with a page");
        assertTrue(response.asString().contains("Your role does not allow this"), what + " explains itself");
        assertFalse(response.asString().contains("Exception"), what + " shows no stack trace");
    }

    @Test
    @DisplayName("D viewer: every POST page route is 403 with a friendly page, and nothing changes")
    void viewerGetsForbiddenOnEveryPostPageRoute() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        FormPage page = viewer.open("/incidents/" + incident); // any signed-in page carries a CSRF token
        String tag = Incidents.uniqueTag();
        Map<String, String> incidentForm = new LinkedHashMap<>(Incidents.draftForm().set("tags", tag).fields());
        Map<String, String> editForm = new LinkedHashMap<>(incidentForm);
        editForm.put("title", "Renamed by a viewer");
        editForm.put("version", String.valueOf(Incidents.read(incident).jsonPath().getLong("version")));
        Map<String, String> timelineForm = Map.of("occurredAt", "2026-03-14T10:00", "kind", "ACTION",
                "description", "Written by a viewer", "zone", "UTC");
        Map<String, String> postmortemForm = new LinkedHashMap<>();
        Postmortems.writtenSections().forEach((field, text) -> postmortemForm.put(field, "Written by a viewer"));
        postmortemForm.put("version", String.valueOf(Postmortems.read(withPostmortem).jsonPath().getLong("version")));

        Map<String, Map<String, String>> routes = new LinkedHashMap<>();
        routes.put("/incidents", incidentForm);
        routes.put("/incidents/" + incident + "/edit", editForm);
        routes.put("/incidents/" + incident + "/timeline", timelineForm);
        routes.put("/incidents/" + incident + "/timeline/" + entry + "/delete", Map.of());
        routes.put("/incidents/" + incident + "/postmortem", Map.of("template", "general"));
        routes.put("/incidents/" + withPostmortem + "/postmortem/edit", postmortemForm);
        routes.put("/demo", Map.of());
        routes.forEach((route, fields) -> assertFriendlyForbiddenPage(page.submit(route, fields), "viewer POST " + route));

        Response after = Incidents.read(incident);
        assertAll(
                () -> assertEquals(0, Incidents.countTagged(tag), "no incident was recorded"),
                () -> assertEquals(title, after.jsonPath().getString("title"), "the incident was not edited"),
                () -> assertEquals(List.of("Rolled back the deploy."), after.jsonPath().getList("timeline.description"),
                        "the timeline is untouched"),
                () -> assertEquals(404, Postmortems.read(incident).statusCode(), "no postmortem was started"),
                () -> assertFalse(Postmortems.read(withPostmortem).asString().contains("Written by a viewer"),
                        "the postmortem was not changed"));
    }

    @Test
    @DisplayName("D viewer: reading pages works")
    void viewerCanRead() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        for (String path : List.of("/", "/incidents", "/incidents/" + incident, "/incidents/" + withPostmortem + "/postmortem",
                "/account/sessions", "/account/tokens", "/account/password")) {
            assertEquals(200, viewer.get(path).statusCode(), "viewer GET " + path);
        }
    }

    @Test
    @DisplayName("D viewer: every POST/PUT API route is a 403 problem, reads are 200, and nothing changes")
    void viewerGetsForbiddenOnEveryWritingApiRoute() {
        String tag = Incidents.uniqueTag();
        Map<String, Object> body = Incidents.draftJson().tags(tag).body();
        Map<String, Object> timeline = Map.of("occurred_at", Instant.now().toString(), "kind", "ACTION", "description", "By a viewer");

        ProblemAssertions.assertProblem(PortalClient.apiAs(Role.VIEWER).body(body).post(Incidents.API), 403);
        ProblemAssertions.assertProblem(PortalClient.apiAs(Role.VIEWER).body(body).put(Incidents.API + "/" + incident), 403);
        ProblemAssertions.assertProblem(PortalClient.apiAs(Role.VIEWER).body(timeline)
                .post(Incidents.API + "/" + incident + "/timeline"), 403);
        ProblemAssertions.assertProblem(PortalClient.apiAs(Role.VIEWER).body(Postmortems.writtenSectionsJson("general"))
                .put(Postmortems.api(incident)), 403);

        assertEquals(200, PortalClient.apiAs(Role.VIEWER).get(Incidents.API).statusCode());
        assertEquals(200, PortalClient.apiAs(Role.VIEWER).get(Incidents.API + "/" + incident).statusCode());
        assertEquals(200, PortalClient.apiAs(Role.VIEWER).get(Postmortems.api(withPostmortem)).statusCode());
        assertEquals(0, Incidents.countTagged(tag));
        assertEquals(title, Incidents.read(incident).jsonPath().getString("title"));
        assertEquals(1, Incidents.read(incident).jsonPath().getList("timeline").size());
        assertEquals(404, Postmortems.read(incident).statusCode());
    }

    @Test
    @DisplayName("D editor: Admin → Users is 403 for GET and every POST, and nothing changes")
    void editorGetsForbiddenOnUserAdministration() {
        TestAccounts.Account target = TestAccounts.fresh(Role.VIEWER);
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        FormPage page = editor.open("/incidents");
        String email = "made-by-editor-" + Incidents.shortId() + "@test.hindsight.example";

        assertFriendlyForbiddenPage(editor.get("/admin/users"), "editor GET /admin/users");
        assertFriendlyForbiddenPage(page.submit("/admin/users", Map.of("name", "Sneaky", "email", email, "role", "ADMIN",
                "password", "a perfectly long password")), "editor POST /admin/users");
        String base = "/admin/users/" + target.id();
        assertFriendlyForbiddenPage(page.submit(base + "/role", Map.of("role", "ADMIN")), "editor POST role");
        assertFriendlyForbiddenPage(page.submit(base + "/disable", Map.of()), "editor POST disable");
        assertFriendlyForbiddenPage(page.submit(base + "/enable", Map.of()), "editor POST enable");
        assertFriendlyForbiddenPage(page.submit(base + "/password", Map.of("password", "a perfectly long password")),
                "editor POST password");
        assertFriendlyForbiddenPage(page.submit(base + "/sessions/revoke", Map.of()), "editor POST sessions/revoke");

        User after = QuarkusTransaction.requiringNew().call(() -> User.<User>findById(target.id()));
        assertAll(
                () -> assertFalse(QuarkusTransaction.requiringNew().call(() -> User.findByEmail(email).isPresent()), "nobody added"),
                () -> assertEquals(Role.VIEWER, after.role, "role unchanged"),
                () -> assertTrue(after.isActive(), "still active"));
        PortalClient.anonymous().signIn(target); // password unchanged
    }

    @Test
    @DisplayName("D a viewer cannot manage people either")
    void viewerGetsForbiddenOnUserAdministration() {
        assertFriendlyForbiddenPage(PortalClient.browserAs(Role.VIEWER).get("/admin/users"), "viewer GET /admin/users");
    }

    @Test
    @DisplayName("B9 deny by default: anonymous pages go to sign in without rendering anything, the API answers 401")
    void anonymousGetsNothing() {
        for (String path : List.of("/", "/incidents", "/incidents/" + incident, "/incidents/" + withPostmortem + "/postmortem",
                "/account/sessions", "/account/tokens", "/admin/users", "/q/openapi")) {
            Response response = PortalClient.anonymous().get(path);
            assertTrue(response.statusCode() == 303 || response.statusCode() == 401, () -> path + " → " + response.statusCode());
            assertFalse(response.asString().contains(title), path + " leaks nothing");
        }
        Response api = PortalClient.anonymousApi().accept(ContentType.JSON).get(Incidents.API + "/" + incident);
        assertEquals(401, api.statusCode());
        assertFalse(api.asString().contains(title));
    }
}
