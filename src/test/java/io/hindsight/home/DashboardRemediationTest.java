package io.hindsight.home;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.actionitem.ActionItems;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.actionitem.ActionItems.added;
import static io.hindsight.actionitem.ActionItems.draft;
import static io.hindsight.actionitem.ActionItems.setStatus;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "My action items" on the dashboard: the signed-in person's pending items, overdue first and
 * marked. Each test signs in as a person of its own, so other tests' items never show up.
 * (The "Re-verifications due" card is tested with the checklists, in IncidentChecklistTest.)
 */
@QuarkusTest
class DashboardRemediationTest {

    @Inject
    ActionItemService service;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** One entry of the "My action items" card. */
    record Entry(long itemId, boolean overdue, String text) {
    }

    @Test
    void myPendingItemsAreListedOverdueFirstAndMarkedOverdue() {
        TestAccounts.Account me = TestAccounts.fresh(Role.EDITOR);
        TestAccounts.Account colleague = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().signIn(me);
        LocalDate today = service.today();
        long incident = draftJson().create();
        long inFiveDays = added(browser, incident, draft().owner(me.id()).due(today.plusDays(5)));
        long undated = added(browser, incident, draft().owner(me.id()));
        long threeDaysLate = added(browser, incident, draft().owner(me.id()).due(today.minusDays(3)).set("priority", "P1"));
        long doneLate = added(browser, incident, draft().owner(me.id()).due(today.minusDays(10)));
        long colleaguesLate = added(browser, incident, draft().owner(colleague.id()).due(today.minusDays(4)));
        setStatus(browser, incident, doneLate, "DONE", "").then().statusCode(303);

        List<Entry> entries = myItems(browser.get("/").asString());

        assertEquals(List.of(threeDaysLate, inFiveDays, undated), entries.stream().map(Entry::itemId).toList(),
                "my pending items, overdue first; neither my done item nor a colleague's");
        Entry late = entries.get(0);
        Entry soon = entries.get(1);
        assertAll(
                () -> assertTrue(late.overdue(), "the overdue item is highlighted"),
                () -> assertTrue(late.text().contains("P1 · due " + today.minusDays(3) + " <span class=\"overdue-label\">overdue</span> · #"
                        + incident), late.text()),
                () -> assertFalse(soon.overdue()),
                () -> assertFalse(soon.text().contains("overdue"), soon.text()),
                () -> assertTrue(entries.get(2).text().contains("no due date")));
        assertFalse(entries.stream().anyMatch(e -> e.itemId() == colleaguesLate || e.itemId() == doneLate));
    }

    @Test
    void myItemsLinkToTheirIncidentAndToTheWholeList() {
        TestAccounts.Account me = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().signIn(me);
        long incident = draftJson().create();
        ActionItems.Fields fields = draft().owner(me.id());
        long item = added(browser, incident, fields);

        String html = browser.get("/").asString();

        assertTrue(html.contains("<a href=\"/incidents/" + incident + "/action-items#item-" + item + "\">" + fields.title() + "</a>"));
        assertTrue(html.contains("<a href=\"/action-items?owner=me\">All my action items</a>"));
    }

    @Test
    void anItemBecomesOverdueOnTheDashboardOnceItsDateHasPassed() {
        TestAccounts.Account me = TestAccounts.fresh(Role.EDITOR);
        long incident = draftJson().create();
        long item = added(PortalClient.anonymous().signIn(me), incident, draft().owner(me.id()).due(service.today().plusDays(2)));

        clock.advance(Duration.ofDays(3));
        // Three days later the earlier session has expired: sign in again.
        List<Entry> entries = myItems(PortalClient.anonymous().signIn(me).get("/").asString());

        assertEquals(1, entries.size());
        assertEquals(item, entries.get(0).itemId());
        assertTrue(entries.get(0).overdue(), entries.get(0).text());
    }

    @Test
    void someoneWithNothingPendingIsToldSo() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.VIEWER));
        draftJson().create(); // so the dashboard is not the welcome page of an empty installation

        String card = card(browser.get("/").asString(), "My action items");

        assertTrue(card.contains("Nothing waiting for you."), card);
    }

    // --- reading the dashboard -----------------------------------------------------------------

    private static List<Entry> myItems(String html) {
        String card = card(html, "My action items");
        List<Entry> entries = new ArrayList<>();
        Matcher m = Pattern.compile("<li( class=\"overdue\")?><a href=\"/incidents/\\d+/action-items#item-(\\d+)\">(.*?)</li>",
                Pattern.DOTALL).matcher(card);
        while (m.find()) {
            entries.add(new Entry(Long.parseLong(m.group(2)), m.group(1) != null, m.group(3)));
        }
        return entries;
    }

    private static String card(String html, String heading) {
        int start = html.indexOf("<h2>" + heading + "</h2>");
        assertTrue(start >= 0, () -> "no card " + heading);
        return html.substring(start, html.indexOf("</section>", start));
    }
}
