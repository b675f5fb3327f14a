package io.hindsight.checklist;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.hindsight.checklist.Checklists.BACKUPS;
import static io.hindsight.checklist.Checklists.RESTORE_DRILL;
import static io.hindsight.checklist.Checklists.attached;
import static io.hindsight.checklist.Checklists.item;
import static io.hindsight.checklist.Checklists.itemAction;
import static io.hindsight.checklist.Checklists.itemBlock;
import static io.hindsight.checklist.Checklists.itemId;
import static io.hindsight.checklist.Checklists.tab;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two editors settle the same checklist item from pages loaded at the same time: the second is told, and keeps their note. */
@QuarkusTest
class ChecklistItemConflictTest {

    @Test
    void theSecondChangeOfAnItemIsRefusedAndTheirNoteIsShownAndKept() {
        PortalClient first = PortalClient.browser();
        long id = draftJson().create();
        attached(first, id, BACKUPS);
        long restore = itemId(id, BACKUPS, RESTORE_DRILL);
        PortalClient second = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        FormPage firstTab = first.open(tab(id));
        FormPage secondTab = second.open(tab(id));

        firstTab.submit(itemAction(id, restore), Map.of("state", "DONE", "note", "Restored into scratch-db on Monday.",
                "version", version(firstTab, restore))).then().statusCode(303);
        Response conflict = secondTab.submit(itemAction(id, restore), Map.of("state", "NOT_APPLICABLE",
                "note", "We have no backups of this service yet.", "version", version(secondTab, restore)));

        String block = itemBlock(conflict.asString(), restore);
        assertAll(
                () -> assertEquals(409, conflict.statusCode()),
                () -> assertTrue(block.contains("Someone else changed this item meanwhile: it is now Done"), block),
                () -> assertTrue(block.contains("We have no backups of this service yet."), "their note is shown: " + block),
                () -> assertEquals("Restored into scratch-db on Monday.", item(restore).note, "nothing of theirs was written"));
        Response history = PortalClient.api().get("/api/v1/incidents/" + id + "/revisions");
        assertTrue(history.asString().contains("\"kind\":\"draft\""), "their note is kept as a draft revision: " + history.asString());
    }

    private static String version(FormPage page, long itemId) {
        return Html.inputValue(itemBlock(page.html(), itemId), "version").orElseThrow();
    }
}
