package io.hindsight.postmortem;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.export.FrontMatter;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hindsight records who wrote a postmortem, the people who saved it (pages and API), and shows them on
 * the postmortem, in its JSON and in the export's front matter.
 */
@QuarkusTest
class ContributorsTest {

    @Test
    void everyoneWhoSavesAPostmortemIsAContributorInTheOrderTheyFirstDid() {
        long incidentId = Incidents.draftJson().create();
        TestAccounts.Account second = TestAccounts.fresh(Role.EDITOR);
        Postmortems.put(incidentId, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        putAs(second, incidentId);
        Postmortems.put(incidentId, Postmortems.writtenSectionsJson(null)).then().statusCode(200);

        Response json = Postmortems.read(incidentId);

        List<Map<String, Object>> contributors = json.jsonPath().getList("contributors");
        assertEquals(List.of(name(TestAccounts.of(Role.EDITOR)), name(second)), contributors.stream().map(c -> c.get("name")).toList());
        Instant firstEdit = Instant.parse((String) contributors.get(0).get("first_edit_at"));
        Instant lastEdit = Instant.parse((String) contributors.get(0).get("last_edit_at"));
        assertTrue(lastEdit.isAfter(firstEdit), "the editor saved twice: " + contributors);
        assertEquals(Instant.parse(json.path("updated_at")), lastEdit);
        long editorId = TestAccounts.of(Role.EDITOR).id();
        assertEquals(2, QuarkusTransaction.requiringNew().call(() -> Contributor.<Contributor>find("id.postmortemId = ?1 AND id.userId = ?2",
                Postmortem.findByIncident(incidentId).orElseThrow().id, editorId).singleResult().edits), "two saves, one edit each");
    }

    @Test
    void whoeverStartsAPostmortemOnThePageIsItsFirstContributorAndThePageSaysWhoWroteIt() {
        long incidentId = Incidents.draftJson().create();
        PortalClient editor = PortalClient.browser();
        String postmortem = "/incidents/" + incidentId + "/postmortem";
        assertEquals(303, editor.open(postmortem).submit(postmortem, Map.of("template", "general")).statusCode());
        TestAccounts.Account second = TestAccounts.fresh(Role.EDITOR);
        putAs(second, incidentId);

        String page = PortalClient.browserAs(Role.VIEWER).get(postmortem).asString();

        String names = name(TestAccounts.of(Role.EDITOR)) + " and " + name(second);
        assertTrue(page.contains("Written by " + names + " — first edit <time"), page);
        assertTrue(page.contains("last edit <time"));
    }

    @Test
    void theExportListsTheContributorsInItsFrontMatterAndAnImportAcceptsThem() {
        long incidentId = Incidents.draftJson().create();
        Postmortems.put(incidentId, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        TestAccounts.Account second = TestAccounts.fresh(Role.EDITOR);
        putAs(second, incidentId);

        String markdown = PortalClient.apiAs(Role.VIEWER).accept("text/markdown").get("/api/v1/incidents/" + incidentId + "/export.md")
                .then().statusCode(200).extract().asString();

        String front = markdown.substring(4, markdown.indexOf("\n---\n", 4) + 1);
        Map<String, Object> yaml = FrontMatter.read(front);
        assertAll(
                () -> assertEquals(List.of(name(TestAccounts.of(Role.EDITOR)), name(second)), yaml.get("contributors")),
                () -> assertEquals(List.of(), yaml.get("authors")),
                () -> assertTrue(markdown.contains("# No authors are claimed; contributors are the people who saved the postmortem"), front));

        Response imported = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown; charset=utf-8").accept(ContentType.JSON)
                .body(markdown).post("/api/v1/incidents/import");
        assertEquals(201, imported.statusCode(), imported.asString());
        assertTrue(imported.jsonPath().getList("warnings").contains(
                "Contributors are not imported: whoever imports the file is recorded as the one who wrote it here."), imported.asString());
        long copy = imported.jsonPath().getLong("id");
        assertEquals(List.of(name(TestAccounts.of(Role.EDITOR))),
                Postmortems.read(copy).jsonPath().getList("contributors.name"), "the importer saved it here");
    }

    @Test
    void aPostmortemNobodySavedHereHasNoContributorsKey() {
        long incidentId = Incidents.draftJson().create();
        QuarkusTransaction.requiringNew().run(() -> io.quarkus.arc.Arc.container().instance(PostmortemService.class).get()
                .start(incidentId, "general", null));

        String markdown = PortalClient.apiAs(Role.VIEWER).accept("text/markdown").get("/api/v1/incidents/" + incidentId + "/export.md")
                .then().statusCode(200).extract().asString();

        assertFalse(markdown.contains("contributors:"), markdown);
        assertTrue(markdown.contains("authors: []"));
        assertEquals(List.of(), Postmortems.read(incidentId).jsonPath().getList("contributors"));
        assertFalse(PortalClient.browser().get("/incidents/" + incidentId + "/postmortem").asString().contains("Written by"));
    }

    /** Saves the postmortem through the API as {@code account}. */
    private static void putAs(TestAccounts.Account account, long incidentId) {
        String token = io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
        Map<String, Object> sections = new java.util.LinkedHashMap<>(Postmortems.writtenSectionsJson(null));
        sections.put("laugh", "The alert about slow checkouts was itself slow.");
        PortalClient.anonymousApi().header("Authorization", "Bearer " + token).body(sections)
                .put(Postmortems.api(incidentId)).then().statusCode(200);
    }

    private static String name(TestAccounts.Account account) {
        return QuarkusTransaction.requiringNew().call(() -> User.<User>findById(account.id()).name);
    }
}
