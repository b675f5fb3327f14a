package io.hindsight.history;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItems;
import io.hindsight.checklist.Checklists;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The History tab: every save of the five kinds of record keeps a revision, two revisions compare word by word, and a
 * restore (confirmed, with its CSRF token) brings the old values back as a new revision.
 */
@QuarkusTest
class HistoryPageTest {

    @Test
    void everyKindOfRecordKeepsARevisionOfEachSave() {
        PortalClient editor = PortalClient.browser();
        Incidents.IncidentJson incident = Incidents.draftJson();
        long id = incident.create();
        PortalClient.api().body(incident.summary("Checkout timed out for everyone.").body()).put(Incidents.API + "/" + id)
                .then().statusCode(200);

        Instant at = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        long entry = PortalClient.api().body(Map.of("occurred_at", at.toString(), "kind", "ACTION", "description", "Restarted the pool"))
                .post(Incidents.API + "/" + id + "/timeline").then().statusCode(201).extract().jsonPath().getLong("id");
        PortalClient.api().body(Map.of("occurred_at", at.toString(), "kind", "ACTION", "description", "Restarted the connection pool"))
                .put(Incidents.API + "/" + id + "/timeline/" + entry).then().statusCode(200);

        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        Map<String, Object> sections = new LinkedHashMap<>(Postmortems.writtenSectionsJson(null));
        sections.put("learn", "The pool was too small for the Monday peak.");
        Postmortems.put(id, sections).then().statusCode(200);

        ActionItems.Fields item = ActionItems.draft();
        long itemId = ActionItems.added(editor, id, item);
        Map<String, String> edited = new HashMap<>(item.map());
        edited.put("title", item.title() + " for checkout");
        assertEquals(303, editor.open(ActionItems.tab(id) + "/" + itemId + "/edit")
                .submit(ActionItems.tab(id) + "/" + itemId + "/edit", edited).statusCode());

        Checklists.attached(editor, id, Checklists.BACKUPS);
        long checklistItem = Checklists.itemId(id, Checklists.BACKUPS, Checklists.RESTORE_DRILL);
        assertEquals(303, Checklists.setState(editor, id, checklistItem, "DONE", "Drill on 2026-11-20, restored in 14 minutes")
                .statusCode());

        List<Map<String, Object>> items = PortalClient.api().get(HistoryApiTest.revisions(id)).then().statusCode(200)
                .extract().jsonPath().getList("items");
        Map<String, Long> perType = items.stream().collect(Collectors.groupingBy(i -> (String) i.get("record_type"),
                Collectors.counting()));
        assertEquals(Set.of("incident", "timeline_entry", "postmortem", "action_item", "checklist_item"), perType.keySet(),
                items.toString());
        assertEquals(2L, perType.get("incident"));
        assertEquals(2L, perType.get("timeline_entry"));
        // Started from the template's starter text, then saved twice.
        assertEquals(3L, perType.get("postmortem"));
        assertEquals(2L, perType.get("action_item"));
        // The checklist item existed (open) before its first save: that state is kept first.
        assertEquals(2L, perType.get("checklist_item"));

        String page = editor.get("/incidents/" + id + "/history").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Timeline entry “Restarted the connection pool”"), page);
        assertTrue(page.contains("Action item “" + item.title() + " for checkout”"));
        assertTrue(page.contains("Checklist item “" + Checklists.RESTORE_DRILL + "”"));
        assertTrue(page.contains(">Learn<") || page.contains("Learn"), "the postmortem's changed section is named");
        assertTrue(page.contains("aria-current=\"page\">History</a>"), "the History tab is current");
    }

    @Test
    void theDiffShowsRemovedAndAddedWordsAndUnchangedFieldsAreLeftOut() {
        Incidents.IncidentJson incident = Incidents.draftJson().summary("Checkout requests timed out for some customers.");
        long id = incident.create();
        PortalClient.api().body(incident.summary("Checkout requests timed out for every customer.").body())
                .put(Incidents.API + "/" + id).then().statusCode(200);
        long latest = PortalClient.api().get(HistoryApiTest.revisions(id)).then().extract().jsonPath().getLong("items[0].id");

        String page = PortalClient.browserAs(Role.VIEWER).get("/incidents/" + id + "/history/compare?to=" + latest)
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("timed out for <del>some</del><ins>every</ins> <del>customers</del><ins>customer</ins>."), page);
        assertTrue(page.contains("<dt>Summary</dt>"));
        assertFalse(page.contains("<dt>Title</dt>"), "unchanged fields are not listed");
        assertFalse(page.contains("Restore revision"), "a viewer is not offered a restore");
    }

    @Test
    void anyTwoRevisionsOfOneRecordCompareButNotOfTwoRecords() {
        Incidents.IncidentJson incident = Incidents.draftJson().severity("SEV3");
        long id = incident.create();
        PortalClient.api().body(incident.severity("SEV2").body()).put(Incidents.API + "/" + id).then().statusCode(200);
        PortalClient.api().body(incident.severity("SEV1").body()).put(Incidents.API + "/" + id).then().statusCode(200);
        JsonPath list = PortalClient.api().get(HistoryApiTest.revisions(id)).then().extract().jsonPath();
        long third = list.getLong("items[0].id");
        long first = list.getLong("items[2].id");

        String page = PortalClient.browser().get("/incidents/" + id + "/history/compare?from=" + first + "&to=" + third)
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("<del>SEV3</del> → <ins>SEV1</ins>"), page);

        long other = Incidents.draftJson().create();
        long otherRevision = PortalClient.api().get(HistoryApiTest.revisions(other)).then().extract().jsonPath().getLong("items[0].id");
        PortalClient.browser().get("/incidents/" + id + "/history/compare?from=" + otherRevision + "&to=" + third)
                .then().statusCode(404);
    }

    @Test
    void aRestoreIsConfirmedThenSavedAsANewRevision() {
        Incidents.IncidentJson incident = Incidents.draftJson().summary("The first account of it.");
        long id = incident.create();
        PortalClient.api().body(incident.summary("A rewritten account of it.").body()).put(Incidents.API + "/" + id)
                .then().statusCode(200);
        long first = PortalClient.api().get(HistoryApiTest.revisions(id)).then().extract().jsonPath().getLong("items[1].id");
        String restore = "/incidents/" + id + "/history/" + first + "/restore";

        PortalClient editor = PortalClient.browser();
        PortalClient.FormPage confirm = editor.open(restore);
        assertTrue(confirm.html().contains("<del>A</del><ins>The</ins> <del>rewritten</del><ins>first</ins> account of it."),
                confirm.html());
        assertEquals("A rewritten account of it.", Incidents.read(id).jsonPath().getString("summary"), "showing changes nothing");

        // Without the CSRF token nothing happens.
        Response forged = editor.postForm(restore, Map.of("x", "y"));
        assertTrue(forged.statusCode() >= 400 && forged.statusCode() < 500, "status " + forged.statusCode());
        assertEquals("A rewritten account of it.", Incidents.read(id).jsonPath().getString("summary"));

        Response done = confirm.submit(restore, Map.of());
        assertEquals(303, done.statusCode(), done.asString());
        assertEquals("The first account of it.", Incidents.read(id).jsonPath().getString("summary"));
        String history = editor.follow(done).asString();
        assertTrue(Html.flash(history).orElse("").startsWith("Restored."), history);
        assertTrue(history.contains("Restored revision 1: Summary"), history);

        PortalClient.browserAs(Role.VIEWER).get(restore).then().statusCode(403);
    }

    @Test
    void aLongHistoryIsPaged() {
        Incidents.IncidentJson incident = Incidents.draftJson();
        long id = incident.create();
        for (int i = 1; i <= HistoryService.PAGE_SIZE; i++) {
            PortalClient.api().body(incident.summary("Summary, take " + i + ".").body()).put(Incidents.API + "/" + id)
                    .then().statusCode(200);
        }
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        String first = viewer.get("/incidents/" + id + "/history").then().statusCode(200).extract().asString();
        assertEquals(HistoryService.PAGE_SIZE, first.split("class=\"revision revision-").length - 1);
        assertTrue(first.contains("href=\"/incidents/" + id + "/history?page=2\">Older</a>"), first);
        assertFalse(first.contains("Restore…"), "a viewer is not offered a restore");
        String second = viewer.get("/incidents/" + id + "/history?page=2").then().statusCode(200).extract().asString();
        assertEquals(1, second.split("class=\"revision revision-").length - 1);
        assertTrue(second.contains("revision-create"), "the oldest revision is last");
        assertTrue(second.contains(">Newer</a>"));
    }
}
