package io.hindsight.actionitem;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.incident.Incident;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.actionitem.ActionItems.rowIds;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages of the action item list continue after the last row shown: every item appears exactly once, in the list's
 * order, also when many share a due date; links to the next page keep the filters. Every test filters by its own
 * owner: other classes add action items to the same database.
 */
@QuarkusTest
class ActionItemPagingTest {

    @Inject
    ActionItemService service;

    TestAccounts.Account owner;
    long incident;
    LocalDate today;

    @BeforeEach
    void anOwnerAndAnIncident() {
        owner = TestAccounts.fresh(Role.EDITOR);
        incident = draftJson().create();
        today = service.today();
    }

    @Test
    void pagesOfPendingItemsListEachOnceAmongEqualDueDates() {
        List<Long> expected = new ArrayList<>();
        expected.add(item(today.minusDays(3), ActionItem.Status.OPEN));
        List<Long> sameDay = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sameDay.add(item(today, i % 2 == 0 ? ActionItem.Status.OPEN : ActionItem.Status.IN_PROGRESS));
        }
        expected.addAll(sameDay);
        expected.add(item(today.plusDays(1), ActionItem.Status.OPEN));
        expected.add(item(null, ActionItem.Status.OPEN));
        expected.add(item(null, ActionItem.Status.IN_PROGRESS));
        item(today, ActionItem.Status.DONE);

        for (int size : new int[]{1, 2, 3, 7, 50}) {
            assertEquals(expected, walk(new ActionItemQuery(owner.id(), null, true, false, null, null, size)), "pages of " + size);
        }
    }

    @Test
    void pagesOfEveryStatusGoFromPendingToClosedWithoutRepeats() {
        List<Long> pending = new ArrayList<>();
        List<Long> closed = new ArrayList<>();
        // Added in an order unlike the expected one.
        closed.add(item(today.minusDays(9), ActionItem.Status.DONE));
        pending.add(item(today, ActionItem.Status.OPEN));
        closed.add(item(today, ActionItem.Status.WONT_DO));
        pending.add(item(today, ActionItem.Status.OPEN));
        closed.add(item(today, ActionItem.Status.DONE));
        pending.add(item(null, ActionItem.Status.OPEN));
        closed.add(item(null, ActionItem.Status.DONE));
        closed.add(item(null, ActionItem.Status.WONT_DO));
        List<Long> expected = new ArrayList<>(pending);
        expected.addAll(closed);

        for (int size : new int[]{1, 2, 3, 50}) {
            assertEquals(expected, walk(new ActionItemQuery(owner.id(), null, false, false, null, null, size)), "pages of " + size);
            assertEquals(List.of(closed.get(0), closed.get(2), closed.get(3)),
                    walk(new ActionItemQuery(owner.id(), ActionItem.Status.DONE, false, false, null, null, size)), "done, pages of " + size);
        }
    }

    @Test
    void overdueOnlyPagesStopBeforeToday() {
        long older = item(today.minusDays(2), ActionItem.Status.OPEN);
        long a = item(today.minusDays(1), ActionItem.Status.OPEN);
        long b = item(today.minusDays(1), ActionItem.Status.IN_PROGRESS);
        item(today, ActionItem.Status.OPEN);
        item(today.minusDays(5), ActionItem.Status.DONE);
        item(null, ActionItem.Status.OPEN);

        assertEquals(List.of(older, a, b), walk(new ActionItemQuery(owner.id(), null, true, true, null, null, 2)));
    }

    @Test
    void itemsOfAnIncidentInTheTrashAreNotListed() {
        long kept = item(today, ActionItem.Status.OPEN);
        long trashedIncident = draftJson().create();
        long gone = item(trashedIncident, today.minusDays(1), ActionItem.Status.OPEN);
        assertEquals(List.of(gone, kept), walk(new ActionItemQuery(owner.id(), null, true, false, null, null, 50)));

        QuarkusTransaction.requiringNew().run(() -> Incident.getEntityManager()
                .createNativeQuery("UPDATE incident SET deleted_at = now() WHERE id = ?1").setParameter(1, trashedIncident)
                .executeUpdate());

        assertEquals(List.of(kept), walk(new ActionItemQuery(owner.id(), null, true, false, null, null, 50)));
        assertEquals(List.of(kept), walk(new ActionItemQuery(owner.id(), null, false, false, null, null, 1)));
    }

    @Test
    void theListLinksToTheNextPageWithItsFiltersAndBackToTheFirst() {
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 53; i++) {
            expected.add(item(today.plusDays(i / 10), ActionItem.Status.OPEN));
        }
        PortalClient browser = PortalClient.anonymous().signIn(owner);

        String first = browser.get("/action-items?owner=me").asString();
        assertEquals(expected.subList(0, 50), rowIds(first));
        assertFalse(first.contains("First page"), "the first page has no link to itself");
        String next = href(first, "next");
        assertTrue(next.startsWith("/action-items?owner=me&after=open."), next);

        String second = browser.visit(next).asString();
        assertEquals(expected.subList(50, 53), rowIds(second));
        assertNull(hrefOrNull(second, "next"), "the last page has no next page");
        assertTrue(second.contains("<a href=\"/action-items?owner=me\">First page</a>"), second);
    }

    @Test
    void aCursorThatIsNotOneShowsTheFirstPage() {
        long only = item(today, ActionItem.Status.OPEN);
        PortalClient browser = PortalClient.anonymous().signIn(owner);

        for (String after : new String[]{"x", "open.none", "open.2026-13-01.5", "shut.none.1", "open.+99999-01-01.1",
                "open.none.-4", "open.none.99999999999999999999"}) {
            var response = browser.request().queryParam("owner", "me").queryParam("after", after).get("/action-items");
            assertEquals(200, response.statusCode(), after);
            assertEquals(List.of(only), rowIds(response.asString()), after);
        }
    }

    /** Every page of the query, from the first to the last, as the list's links would walk them. */
    private List<Long> walk(ActionItemQuery query) {
        List<Long> ids = new ArrayList<>();
        ActionItemQuery.Cursor after = null;
        for (int pages = 0; pages < 100; pages++) {
            ActionItemService.Page page = service.search(new ActionItemQuery(query.ownerId(), query.status(), query.pendingOnly(),
                    query.overdueOnly(), query.incidentId(), after, query.size()));
            assertTrue(page.items().size() <= query.size());
            page.items().forEach(item -> ids.add(item.id));
            if (page.next() == null) {
                assertEquals(ids.size(), new HashSet<>(ids).size(), () -> "an item was listed twice: " + ids);
                return ids;
            }
            assertEquals(query.size(), page.items().size(), "only a full page has a next one");
            after = ActionItemQuery.Cursor.parse(page.next().token());
        }
        throw new AssertionError("no last page");
    }

    private long item(LocalDate due, ActionItem.Status status) {
        return item(incident, due, status);
    }

    /** An item of this test's owner, stored as the service leaves it (closed ones with their completion time). */
    private long item(long incidentId, LocalDate due, ActionItem.Status status) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ActionItem item = new ActionItem();
            item.incident = Incident.findById(incidentId);
            item.owner = User.findById(owner.id());
            item.title = "Page through the list " + System.nanoTime();
            item.dueOn = due;
            item.priority = ActionItem.Priority.P2;
            item.kind = ActionItem.Kind.PREVENT;
            item.status = status;
            item.createdAt = Instant.now();
            item.updatedAt = item.createdAt;
            item.completedAt = status.pending() ? null : item.createdAt;
            item.persist();
            return item.id;
        });
    }

    private static String href(String html, String rel) {
        String href = hrefOrNull(html, rel);
        assertTrue(href != null, "no link rel=" + rel);
        return href;
    }

    private static String hrefOrNull(String html, String rel) {
        Matcher m = Pattern.compile("<a href=\"([^\"]+)\" rel=\"" + rel + "\"").matcher(html);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }
}
