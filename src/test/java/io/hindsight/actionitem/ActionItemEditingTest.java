package io.hindsight.actionitem;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItems.Fields;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.hindsight.actionitem.ActionItems.added;
import static io.hindsight.actionitem.ActionItems.byId;
import static io.hindsight.actionitem.ActionItems.draft;
import static io.hindsight.actionitem.ActionItems.setStatus;
import static io.hindsight.actionitem.ActionItems.tab;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correcting an action item on the incident's Action items tab: what it says changes, its status does not. */
@QuarkusTest
class ActionItemEditingTest {

    @Inject
    ActionItemService service;

    @Inject
    AssignmentEvents events;

    @Test
    void theEditFormShowsWhatTheItemSays() {
        TestAccounts.Account owner = TestAccounts.fresh(Role.EDITOR);
        long id = draftJson().create();
        LocalDate due = service.today().plusDays(10);
        PortalClient editor = PortalClient.browser();
        Fields fields = draft().owner(owner.id()).due(due).set("priority", "P1").set("kind", "DETECT")
                .set("trackerUrl", "https://tracker.example/OPS-7");
        long item = added(editor, id, fields);
        assertTrue(editor.get(tab(id)).asString().contains("href=\"" + edit(id, item) + "\""), "an Edit link per item");

        FormPage form = editor.open(edit(id, item));

        String html = form.html();
        assertAll(
                () -> assertEquals(Optional.of(fields.title()), Html.inputValue(html, "title")),
                () -> assertEquals(Optional.of(String.valueOf(owner.id())), Html.selected(html, "ownerId")),
                () -> assertEquals(Optional.of(due.toString()), Html.inputValue(html, "dueOn")),
                () -> assertEquals(Optional.of("P1"), Html.selected(html, "priority")),
                () -> assertEquals(Optional.of("DETECT"), Html.selected(html, "kind")),
                () -> assertEquals(Optional.of("https://tracker.example/OPS-7"), Html.inputValue(html, "trackerUrl")),
                () -> assertEquals(Optional.of("0"), Html.inputValue(html, "version")));
    }

    @Test
    void savingCorrectsTheItemAndLeavesItsStatus() {
        TestAccounts.Account newOwner = TestAccounts.fresh(Role.EDITOR);
        long id = draftJson().create();
        PortalClient editor = PortalClient.browser();
        long item = added(editor, id, draft());
        assertEquals(303, setStatus(editor, id, item, "IN_PROGRESS", "").statusCode());
        LocalDate due = service.today().plusDays(3);
        FormPage form = editor.open(edit(id, item));
        Map<String, String> changed = new LinkedHashMap<>(draft().owner(newOwner.id()).due(due).set("priority", "P3")
                .set("kind", "MITIGATE").set("trackerUrl", "https://tracker.example/OPS-9").map());
        changed.put("version", Html.inputValue(form.html(), "version").orElseThrow());

        Response saved = form.submit(edit(id, item), changed);

        assertEquals(303, saved.statusCode(), saved.asString());
        assertTrue(saved.header("Location").endsWith(tab(id) + "#item-" + item), saved.header("Location"));
        assertEquals(Optional.of("Action item saved."), Html.flash(editor.follow(saved).asString()));
        ActionItem stored = byId(item);
        assertAll(
                () -> assertEquals(changed.get("title"), stored.title),
                () -> assertEquals(due, stored.dueOn),
                () -> assertEquals(ActionItem.Priority.P3, stored.priority),
                () -> assertEquals(ActionItem.Kind.MITIGATE, stored.kind),
                () -> assertEquals("https://tracker.example/OPS-9", stored.trackerUrl),
                () -> assertEquals(ActionItem.Status.IN_PROGRESS, stored.status, "the status is not the edit form's"));
        assertEquals(List.of(newOwner.id()), events.assignmentsOf(item).stream().map(AssignmentEvents.Assignment::ownerId).toList(),
                "the new owner hears about it");
    }

    @Test
    void clearingTheOwnerAndDateIsAllowed() {
        TestAccounts.Account owner = TestAccounts.fresh(Role.EDITOR);
        long id = draftJson().create();
        PortalClient editor = PortalClient.browser();
        Fields fields = draft().owner(owner.id()).due(service.today().plusDays(5));
        long item = added(editor, id, fields);

        Response saved = editor.open(edit(id, item)).submit(edit(id, item), draft().set("title", fields.title()).map());

        assertEquals(303, saved.statusCode());
        assertNull(byId(item).dueOn);
        assertNull(ActionItems.byTitle(fields.title()).owner);
    }

    @Test
    void anInvalidEditComesBackAsTypedAndChangesNothing() {
        long id = draftJson().create();
        PortalClient editor = PortalClient.browser();
        Fields original = draft();
        long item = added(editor, id, original);

        Response refused = editor.open(edit(id, item)).submit(edit(id, item),
                draft().set("title", " ").set("dueOn", "next week").set("kind", "DETECT").set("trackerUrl", "ftp://x").map());

        assertEquals(400, refused.statusCode());
        String html = refused.asString();
        assertAll(
                () -> assertTrue(html.contains("<strong>Nothing was saved yet.</strong>")),
                () -> assertEquals(Optional.of("Use a date like 2026-12-01."), Html.fieldError(html, "dueOn")),
                () -> assertEquals(Optional.of("Say what will be done."), Html.fieldError(html, "title")),
                () -> assertEquals(Optional.of("next week"), Html.inputValue(html, "dueOn"), "what was typed is kept"),
                () -> assertEquals(Optional.of("DETECT"), Html.selected(html, "kind")),
                () -> assertEquals(Optional.of("ftp://x"), Html.inputValue(html, "trackerUrl")));
        ActionItem stored = byId(item);
        assertEquals(original.title(), stored.title);
        assertEquals(ActionItem.Kind.PREVENT, stored.kind);
    }

    @Test
    void aViewerCannotOpenOrSendTheEditForm() {
        long id = draftJson().create();
        Fields original = draft();
        long item = added(PortalClient.browser(), id, original);
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);

        Response refusedPage = viewer.get(edit(id, item));
        assertEquals(403, refusedPage.statusCode());
        String itemAddress = tab(id) + "/" + item;
        assertTrue(refusedPage.asString().contains("href=\"" + itemAddress + "\""), "the refusal links to the item");
        Response itemPage = viewer.get(itemAddress);
        assertEquals(303, itemPage.statusCode(), "the item's address shows it in its row");
        assertTrue(itemPage.header("Location").endsWith(tab(id) + "#item-" + item), itemPage.header("Location"));
        assertFalse(viewer.get(tab(id)).asString().contains(edit(id, item)), "no Edit link for viewers");
        Response refused = viewer.open(tab(id)).submit(edit(id, item), draft().map());
        assertEquals(403, refused.statusCode());
        assertEquals(original.title(), byId(item).title);
    }

    @Test
    void anItemOfAnotherIncidentIsNotFound() {
        long id = draftJson().create();
        long other = draftJson().create();
        long item = added(PortalClient.browser(), id, draft());
        PortalClient editor = PortalClient.browser();

        assertEquals(404, editor.get(edit(other, item)).statusCode());
        assertEquals(404, editor.open(tab(other)).submit(edit(other, item), draft().map()).statusCode());
    }

    @Test
    void savingOverSomeoneElsesChangeIsAConflict() {
        long id = draftJson().create();
        PortalClient editor = PortalClient.browser();
        Fields original = draft();
        long item = added(editor, id, original);
        FormPage mine = editor.open(edit(id, item));
        FormPage theirs = PortalClient.browser().open(edit(id, item));
        Map<String, String> theirChange = new LinkedHashMap<>(draft().map());
        theirChange.put("version", "0");
        assertEquals(303, theirs.submit(edit(id, item), theirChange).statusCode());
        Map<String, String> myChange = new LinkedHashMap<>(draft().map());
        myChange.put("version", Html.inputValue(mine.html(), "version").orElseThrow());

        Response conflict = mine.submit(edit(id, item), myChange);

        assertEquals(409, conflict.statusCode());
        assertEquals(theirChange.get("title"), byId(item).title);
        String html = conflict.asString();
        assertTrue(html.contains("Someone else saved this action item while you were editing it."), html);
        assertEquals(java.util.Optional.of(myChange.get("title")), Html.inputValue(html, "title"), "my title stays in the form");
        assertTrue(html.contains("id=\"conflict-title\""), "the titles are compared");
        assertTrue(html.contains("/history/compare?to="), "my values are kept as a draft revision");
        assertEquals(java.util.Optional.of(String.valueOf(byId(item).version)), Html.inputValue(html, "version"),
                "saving again starts from the current version");
    }

    static String edit(long incidentId, long itemId) {
        return tab(incidentId) + "/" + itemId + "/edit";
    }
}
