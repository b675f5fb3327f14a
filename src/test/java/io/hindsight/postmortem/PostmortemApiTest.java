package io.hindsight.postmortem;

import io.hindsight.PortalClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.hindsight.ProblemAssertions.assertProblem;
import static io.hindsight.incident.Incidents.draftJson;
import static io.hindsight.postmortem.Postmortems.put;
import static io.hindsight.postmortem.Postmortems.read;
import static io.hindsight.postmortem.Postmortems.writtenSectionsJson;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The postmortem JSON API: /api/v1/incidents/{id}/postmortem. */
@QuarkusTest
class PostmortemApiTest {

    private static final int MAX_SECTION = 50_000;

    @Test
    void anIncidentWithoutPostmortemAnswersAProblem404() {
        long id = draftJson().create();

        Response response = read(id);

        assertProblem(response, 404);
        assertEquals(Postmortems.api(id), response.jsonPath().getString("instance"));
    }

    @Test
    void putStartsThePostmortemFromTheGivenTemplateAndSavesEverySection() {
        long id = draftJson().create();
        Map<String, Object> body = writtenSectionsJson("data-loss-backups");

        put(id, body).then()
                .statusCode(200)
                .body("incident_id", equalTo((int) id))
                .body("template", equalTo("data-loss-backups"));

        Response stored = read(id);
        stored.then().statusCode(200).body("template", equalTo("data-loss-backups"));
        for (String field : Postmortems.SECTION_FIELDS) {
            String json = Postmortems.snakeCase(field);
            assertEquals(body.get(json), stored.jsonPath().getString(json), json);
        }
    }

    @Test
    void theBlamelessFindingsComeWithThePostmortemAsTheEditorShowsThem() {
        long id = draftJson().create();
        Map<String, Object> body = writtenSectionsJson("general");
        String notes = "We rolled back. The outage was put down to human error at first.";
        body.put("timeline_notes", notes);

        List<Map<String, Object>> saved = put(id, body).then().statusCode(200).extract().jsonPath()
                .getList("findings.findAll { it.section == 'timeline_notes' }");
        List<Map<String, Object>> read = read(id).jsonPath().getList("findings.findAll { it.section == 'timeline_notes' }");

        assertEquals(1, read.size(), () -> "findings " + read);
        assertEquals(saved, read);
        Map<String, Object> finding = read.get(0);
        assertEquals("human-error", finding.get("rule_id"));
        assertEquals("human error", finding.get("phrase"));
        assertEquals(notes.indexOf("human error"), finding.get("start"));
        assertEquals(notes.indexOf("human error") + "human error".length(), finding.get("end"));
        assertTrue(PortalClient.browser().get("/incidents/" + id + "/postmortem/edit").asString()
                .contains("<mark>human error</mark>"), "the editor shows the same finding");
    }

    @Test
    void withoutATemplateThePostmortemStartsFromTheGeneralOne() {
        long id = draftJson().create();

        put(id, writtenSectionsJson(null)).then().statusCode(200).body("template", equalTo("general"));
    }

    @Test
    void savingAgainKeepsTheTemplateAndBumpsTheVersion() {
        long id = draftJson().create();
        int firstVersion = put(id, writtenSectionsJson("wrong-database")).then().statusCode(200)
                .extract().path("version");
        Map<String, Object> changed = writtenSectionsJson("general");
        changed.put("share", "Shared in the engineering all-hands.");

        put(id, changed).then()
                .statusCode(200)
                .body("template", equalTo("wrong-database"))
                .body("share", equalTo("Shared in the engineering all-hands."))
                .body("version", equalTo(firstVersion + 1));
    }

    @Test
    void sectionsAreStoredWithUnixLineEndingsAndNoSurroundingBlanks() {
        long id = draftJson().create();
        Map<String, Object> body = writtenSectionsJson(null);
        body.put("impact", "\r\n  - one\r\n- two\r\n\r\n");

        put(id, body).then().statusCode(200);

        read(id).then().body("impact", equalTo("- one\n- two"));
    }

    @Test
    void aSectionOverFiftyThousandCharactersIsRefusedAndNothingIsStarted() {
        long id = draftJson().create();
        Map<String, Object> body = writtenSectionsJson("general");
        body.put("learn", "x".repeat(MAX_SECTION + 1));

        Map<String, String> errors = assertProblem(put(id, body), 400, "learn");

        assertTrue(errors.get("learn").startsWith("Keep a section under 50,000 characters"), errors.get("learn"));
        assertProblem(read(id), 404);
    }

    @Test
    void aSectionOverFiftyThousandCharactersChangesNothingInAnExistingPostmortem() {
        long id = draftJson().create();
        put(id, writtenSectionsJson("general")).then().statusCode(200);
        String before = read(id).asString();
        Map<String, Object> body = writtenSectionsJson("general");
        body.put("summary", "A new summary that must not be saved.");
        body.put("timeline_notes", "y".repeat(MAX_SECTION + 1));

        assertProblem(put(id, body), 400, "timeline_notes");

        assertEquals(before, read(id).asString());
    }

    @Test
    void exactlyFiftyThousandCharactersAreFine() {
        long id = draftJson().create();
        Map<String, Object> body = writtenSectionsJson("general");
        body.put("learn", "z".repeat(MAX_SECTION));

        put(id, body).then().statusCode(200);

        assertEquals(MAX_SECTION, read(id).jsonPath().getString("learn").length());
    }

    @Test
    void anUnknownTemplateIsRefusedAndNothingIsStarted() {
        long id = draftJson().create();

        assertProblem(put(id, writtenSectionsJson("no-such-template")), 400, "template");

        assertProblem(read(id), 404);
    }

    @Test
    void aPostmortemForAMissingIncidentIs404() {
        assertProblem(put(Long.MAX_VALUE, writtenSectionsJson("general")), 404);
    }

    @Test
    void anUnknownPropertyIsRefusedAndNothingIsStarted() {
        long id = draftJson().create();
        Map<String, Object> body = writtenSectionsJson("general");
        body.put("verdict", "someone's fault");

        assertEquals(400, put(id, body).statusCode());

        assertProblem(read(id), 404);
    }
}
