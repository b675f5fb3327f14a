package io.hindsight.history;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The revisions of an incident through the API: listed newest first, read one by one, restored as a new revision. */
@QuarkusTest
class HistoryApiTest {

    @Test
    void everySaveOfAnIncidentKeepsARevisionAndARestoreBringsTheOldValuesBack() {
        Incidents.IncidentJson draft = Incidents.draftJson().summary("Checkout requests timed out for some customers.");
        long id = draft.create();
        PortalClient.api().body(draft.summary("Checkout requests timed out for every customer in Europe.").severity("SEV1").body())
                .put(Incidents.API + "/" + id).then().statusCode(200);

        JsonPath list = PortalClient.api().get(revisions(id)).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = list.getList("items");
        assertEquals(2, items.size(), items.toString());
        assertEquals("save", items.get(0).get("kind"));
        assertEquals("Summary, Severity", items.get(0).get("changed"));
        assertEquals("create", items.get(1).get("kind"));
        assertEquals("incident", items.get(1).get("record_type"));
        assertTrue(items.get(0).get("author") != null);

        long first = ((Number) items.get(1).get("id")).longValue();
        JsonPath detail = PortalClient.api().get(revisions(id) + "/" + first).then().statusCode(200).extract().jsonPath();
        assertEquals("Checkout requests timed out for some customers.", detail.getString("fields.summary"));
        assertEquals("SEV2", detail.getString("fields.severity"));

        JsonPath restored = PortalClient.api().post(revisions(id) + "/" + first + "/restore").then().statusCode(201)
                .extract().jsonPath();
        assertEquals("restore", restored.getString("kind"));
        assertEquals(3, restored.getInt("sequence"));
        assertTrue(restored.getString("changed").startsWith("Restored revision 1: "), restored.getString("changed"));
        JsonPath incident = Incidents.read(id).jsonPath();
        assertEquals("Checkout requests timed out for some customers.", incident.getString("summary"));
        assertEquals("SEV2", incident.getString("severity"));

        // Restoring what the incident holds already changes nothing and says so.
        ProblemAssertions.assertProblem(PortalClient.api().post(revisions(id) + "/" + first + "/restore"), 400);
    }

    @Test
    void aViewerReadsTheHistoryButCannotRestore() {
        long id = Incidents.draftJson().create();
        long rid = PortalClient.apiAs(Role.VIEWER).get(revisions(id)).then().statusCode(200).extract().jsonPath()
                .getLong("items[0].id");
        PortalClient.apiAs(Role.VIEWER).post(revisions(id) + "/" + rid + "/restore").then().statusCode(403);
    }

    @Test
    void anUnknownRevisionOrOneOfAnotherIncidentIsNotFound() {
        long one = Incidents.draftJson().create();
        long other = Incidents.draftJson().create();
        long rid = PortalClient.api().get(revisions(other)).then().extract().jsonPath().getLong("items[0].id");
        ProblemAssertions.assertProblem(PortalClient.api().get(revisions(one) + "/" + rid), 404);
        ProblemAssertions.assertProblem(PortalClient.api().post(revisions(one) + "/" + rid + "/restore"), 404);
        ProblemAssertions.assertProblem(PortalClient.api().queryParam("page", 0).get(revisions(one)), 400);
    }

    @Test
    void restoringAPublishedPostmortemMakesAnAmendmentAndReadersKeepThePublishedText() {
        long id = Incidents.draftJson().status("RESOLVED").create();
        Map<String, Object> sections = new java.util.LinkedHashMap<>(Postmortems.writtenSectionsJson("general"));
        Postmortems.put(id, sections).then().statusCode(200);
        sections.put("summary", "The published account.");
        Postmortems.put(id, sections).then().statusCode(200);
        Postmortems.recordPublished(id, java.time.Instant.now());
        List<Map<String, Object>> items = PortalClient.api().get(revisions(id)).then().extract().jsonPath().getList("items");
        long earlier = ((Number) items.get(1).get("id")).longValue(); // the first save, before "The published account."

        JsonPath restored = PortalClient.api().post(revisions(id) + "/" + earlier + "/restore").then().statusCode(201)
                .extract().jsonPath();
        assertEquals("amendment", restored.getString("kind"));
        assertTrue(restored.getString("changed").startsWith("Restored revision 2 as an amendment"), restored.getString("changed"));
        JsonPath postmortem = Postmortems.read(id).then().statusCode(200).extract().jsonPath();
        assertEquals("The published account.", postmortem.getString("summary"), "readers keep the published text");
        assertEquals(Postmortems.writtenSections().get("summary"), postmortem.getString("amendment.summary"));
    }

    @Test
    void timelineEntriesAndActionItemsAreRestoredThroughTheirOwnRules() {
        long id = Incidents.draftJson().create();
        String at = java.time.Instant.now().minus(java.time.Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .toString();
        long entry = PortalClient.api().body(Map.of("occurred_at", at, "kind", "ACTION", "description", "Paged the database team"))
                .post(Incidents.API + "/" + id + "/timeline").then().statusCode(201).extract().jsonPath().getLong("id");
        PortalClient.api().body(Map.of("occurred_at", at, "kind", "COMMUNICATION", "description", "Posted on the status page"))
                .put(Incidents.API + "/" + id + "/timeline/" + entry).then().statusCode(200);
        long created = PortalClient.api().get(revisions(id)).then().extract().jsonPath().getLong("items[1].id");
        assertEquals("timeline_entry", PortalClient.api().get(revisions(id) + "/" + created).then().extract().path("record_type"));

        PortalClient.api().post(revisions(id) + "/" + created + "/restore").then().statusCode(201);
        Map<String, Object> moment = Incidents.read(id).jsonPath().getMap("timeline[0]");
        assertEquals("Paged the database team", moment.get("description"));
        assertEquals("ACTION", moment.get("kind"));

        // An action item's status moves back too, through the "won't do needs a reason" rule.
        PortalClient editor = PortalClient.browser();
        io.hindsight.actionitem.ActionItems.Fields fields = io.hindsight.actionitem.ActionItems.draft();
        long item = io.hindsight.actionitem.ActionItems.added(editor, id, fields);
        assertEquals(303, io.hindsight.actionitem.ActionItems.setStatus(editor, id, item, "WONT_DO", "The service is retired")
                .statusCode());
        List<Map<String, Object>> items = PortalClient.api().get(revisions(id)).then().extract().jsonPath().getList("items");
        assertEquals("Status, Reason", items.get(0).get("changed"));
        long open = ((Number) items.get(1).get("id")).longValue();
        PortalClient.api().post(revisions(id) + "/" + open + "/restore").then().statusCode(201);
        assertEquals(io.hindsight.actionitem.ActionItem.Status.OPEN, io.hindsight.actionitem.ActionItems.byId(item).status);
    }

    @Test
    void aRemovedTimelineEntryIsKeptInTheHistoryAndComesBackUnderItsOwnIdWhenRestored() {
        long id = Incidents.draftJson().create();
        String at = java.time.Instant.now().minus(java.time.Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .toString();
        long entry = PortalClient.api().body(Map.of("occurred_at", at, "kind", "ACTION", "description", "Failed over to the replica"))
                .post(Incidents.API + "/" + id + "/timeline").then().statusCode(201).extract().jsonPath().getLong("id");
        PortalClient editor = PortalClient.browser();
        assertEquals(303, editor.open("/incidents/" + id).submit("/incidents/" + id + "/timeline/" + entry + "/delete", Map.of())
                .statusCode());
        assertTrue(Incidents.read(id).jsonPath().getList("timeline").isEmpty(), "removed");

        Map<String, Object> removal = PortalClient.api().get(revisions(id)).then().extract().jsonPath().getMap("items[0]");
        assertEquals("remove", removal.get("kind"));
        assertEquals("timeline_entry", removal.get("record_type"));
        long revision = ((Number) removal.get("id")).longValue();
        assertEquals("Failed over to the replica", PortalClient.api().get(revisions(id) + "/" + revision).then()
                .extract().jsonPath().getString("fields.description"));
        assertTrue(editor.get("/incidents/" + id + "/history").asString().contains("Removed"), "the History tab says so");

        PortalClient.api().post(revisions(id) + "/" + revision + "/restore").then().statusCode(201);
        Map<String, Object> back = Incidents.read(id).jsonPath().getMap("timeline[0]");
        assertEquals(entry, ((Number) back.get("id")).longValue(), "the same moment, with its history");
        assertEquals("Failed over to the replica", back.get("description"));
        Map<String, Object> restored = PortalClient.api().get(revisions(id)).then().extract().jsonPath().getMap("items[0]");
        assertEquals("restore", restored.get("kind"));
        assertEquals(entry, ((Number) restored.get("record_id")).longValue());
    }

    @jakarta.inject.Inject
    RevisionService revisionService;

    @Test
    void aDraftKeptAfterAConflictIsListedAndCanBeReopenedByRestoringIt() {
        Incidents.IncidentJson incident = Incidents.draftJson().summary("What the first typist saved.");
        long id = incident.create();
        long author = io.hindsight.TestAccounts.of(Role.EDITOR).id();
        Map<String, Object> lost = new java.util.LinkedHashMap<>(incident.body());
        lost.put("summary", "What the second typist wrote meanwhile.");
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> revisionService.recordDraft(RecordType.INCIDENT, id,
                id, lost, author));

        JsonPath draft = PortalClient.api().get(revisions(id)).then().extract().jsonPath();
        assertEquals("draft", draft.getString("items[0].kind"));
        assertEquals("Summary", draft.getString("items[0].changed"));
        assertEquals("What the first typist saved.", Incidents.read(id).jsonPath().getString("summary"), "nobody sees a draft");

        PortalClient.api().post(revisions(id) + "/" + draft.getLong("items[0].id") + "/restore").then().statusCode(201);
        assertEquals("What the second typist wrote meanwhile.", Incidents.read(id).jsonPath().getString("summary"));
    }

    static String revisions(long incidentId) {
        return Incidents.API + "/" + incidentId + "/revisions";
    }
}
