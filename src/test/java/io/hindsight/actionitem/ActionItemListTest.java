package io.hindsight.actionitem;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.hindsight.actionitem.ActionItems.added;
import static io.hindsight.actionitem.ActionItems.draft;
import static io.hindsight.actionitem.ActionItems.row;
import static io.hindsight.actionitem.ActionItems.rowIds;
import static io.hindsight.actionitem.ActionItems.setStatus;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Action items page: mine or everyone's, by status, overdue only, one incident; pending items
 * first, the most overdue on top. Every test filters by its own owner or incident: other classes
 * add action items to the same database.
 */
@QuarkusTest
class ActionItemListTest {

    @Inject
    ActionItemService service;

    TestAccounts.Account owner;
    PortalClient ownerBrowser;
    long firstIncident;
    long secondIncident;
    /** Mine, first incident: due yesterday. */
    long overdue;
    /** Mine, first incident: due in three days. */
    long dueSoon;
    /** Mine, second incident: due in twenty days, started. */
    long started;
    /** Mine, second incident: no due date. */
    long undated;
    /** Mine, second incident: was due two days ago, done. */
    long done;
    /** Someone else's, first incident: due five days ago. */
    long someoneElses;

    @BeforeEach
    void someoneWithActionItemsAcrossTwoIncidents() {
        owner = TestAccounts.fresh(Role.EDITOR);
        TestAccounts.Account other = TestAccounts.fresh(Role.EDITOR);
        ownerBrowser = PortalClient.anonymous().signIn(owner);
        LocalDate today = service.today();
        firstIncident = draftJson().create();
        secondIncident = draftJson().create();
        // Added in an order unlike the expected one, so the page's ordering is what is tested.
        undated = added(ownerBrowser, secondIncident, draft().owner(owner.id()));
        dueSoon = added(ownerBrowser, firstIncident, draft().owner(owner.id()).due(today.plusDays(3)));
        started = added(ownerBrowser, secondIncident, draft().owner(owner.id()).due(today.plusDays(20)));
        overdue = added(ownerBrowser, firstIncident, draft().owner(owner.id()).due(today.minusDays(1)));
        done = added(ownerBrowser, secondIncident, draft().owner(owner.id()).due(today.minusDays(2)));
        someoneElses = added(ownerBrowser, firstIncident, draft().owner(other.id()).due(today.minusDays(5)));
        setStatus(ownerBrowser, secondIncident, started, "IN_PROGRESS", "").then().statusCode(303);
        setStatus(ownerBrowser, secondIncident, done, "DONE", "").then().statusCode(303);
    }

    @Test
    void mineListsMyPendingItemsOverdueFirstAndUndatedLast() {
        String html = ownerBrowser.get("/action-items?owner=me").asString();

        assertTrue(html.contains("<h1>My action items</h1>"));
        assertEquals(List.of(overdue, dueSoon, started, undated), rowIds(html));
    }

    @Test
    void anOverdueItemIsHighlightedAndOneDueWithinAWeekSaysDueSoon() {
        String html = ownerBrowser.get("/action-items?owner=me").asString();

        String overdueRow = row(html, overdue);
        String soonRow = row(html, dueSoon);
        assertAll(
                () -> assertTrue(overdueRow.startsWith("<tr id=\"item-" + overdue + "\" class=\"overdue\">"), overdueRow),
                () -> assertTrue(overdueRow.contains("<span class=\"overdue-label\">overdue</span>")),
                () -> assertFalse(soonRow.contains("class=\"overdue\""), soonRow),
                () -> assertTrue(soonRow.contains("<span class=\"badge due\">due soon</span>"), soonRow),
                () -> assertFalse(row(html, started).contains("due soon"), "twenty days out is not soon"));
    }

    @Test
    void anOwnerIdShowsThatPersonsItemsToAnyone() {
        String html = PortalClient.browserAs(Role.VIEWER).get("/action-items?owner=" + owner.id()).asString();

        assertTrue(html.contains("<h1>Action items</h1>"));
        assertEquals(List.of(overdue, dueSoon, started, undated), rowIds(html));
    }

    @Test
    void overdueOnlyLeavesOutDoneItemsEvenIfTheirDateHasPassed() {
        String html = ownerBrowser.get("/action-items?owner=me&overdue=true").asString();

        assertEquals(List.of(overdue), rowIds(html));
    }

    @Test
    void oneIncidentsItemsAreListedWhoeverOwnsThem() {
        String html = ownerBrowser.get("/action-items?incident=" + firstIncident).asString();

        assertEquals(List.of(someoneElses, overdue, dueSoon), rowIds(html));
    }

    @Test
    void filtersCombine() {
        String html = ownerBrowser.get("/action-items?incident=" + firstIncident + "&overdue=true").asString();

        assertEquals(List.of(someoneElses, overdue), rowIds(html));
    }

    @Test
    void statusAllIncludesClosedItemsAfterThePendingOnes() {
        String html = ownerBrowser.get("/action-items?owner=me&status=all").asString();

        assertEquals(List.of(overdue, dueSoon, started, undated, done), rowIds(html));
        assertFalse(row(html, done).contains("overdue"), "a done item is never overdue");
    }

    @Test
    void aSingleStatusListsOnlyThatStatus() {
        assertEquals(List.of(done), rowIds(ownerBrowser.get("/action-items?owner=me&status=done").asString()));
        assertEquals(List.of(started), rowIds(ownerBrowser.get("/action-items?owner=me&status=in-progress").asString()));
        assertEquals(List.of(overdue, dueSoon, undated), rowIds(ownerBrowser.get("/action-items?owner=me&status=open").asString()));
    }

    @Test
    void someoneWithoutPendingItemsIsToldSo() {
        PortalClient newcomer = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.VIEWER));

        String html = newcomer.get("/action-items?owner=me").asString();

        assertEquals(List.of(), rowIds(html));
        assertTrue(html.contains("You have no open action items."));
    }
}
