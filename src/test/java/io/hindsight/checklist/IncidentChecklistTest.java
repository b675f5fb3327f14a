package io.hindsight.checklist;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.remediation.DailyDigest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.hindsight.checklist.Checklists.BACKUPS;
import static io.hindsight.checklist.Checklists.ENV_DATABASE;
import static io.hindsight.checklist.Checklists.GENERAL;
import static io.hindsight.checklist.Checklists.RESTORE_DRILL;
import static io.hindsight.checklist.Checklists.attach;
import static io.hindsight.checklist.Checklists.attached;
import static io.hindsight.checklist.Checklists.item;
import static io.hindsight.checklist.Checklists.itemBlock;
import static io.hindsight.checklist.Checklists.itemId;
import static io.hindsight.checklist.Checklists.items;
import static io.hindsight.checklist.Checklists.setState;
import static io.hindsight.checklist.Checklists.tab;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Checklists tab of an incident: attaching library checklists, and settling their items by the
 * rules (evidence for done where asked, a reason for not applicable), with re-verification later.
 */
@QuarkusTest
class IncidentChecklistTest {

    /** The seeded backups checklist, in order (V5). */
    static final List<String> BACKUP_ITEMS = List.of(
            "Automated backups run for every production database",
            RESTORE_DRILL,
            "Backup jobs are monitored and alert when they fail or go stale",
            "The time a full restore takes is known and written down",
            "Backups are stored away from the server they protect");
    static final String AUTOMATED_BACKUPS = BACKUP_ITEMS.get(0);
    static final String STORED_AWAY = BACKUP_ITEMS.get(4);

    static final String EVIDENCE_NEEDED = "This item needs evidence: a note or a link that shows it was done.";
    static final String REASON_NEEDED = "Say why this does not apply, so the next reader knows it was considered.";

    @Inject
    TestClock clock;

    @Inject
    DailyDigest digest;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A new incident with the backups checklist attached by the editor; returns the incident id. */
    static long withBackupsChecklist(PortalClient editor) {
        long id = draftJson().create();
        attached(editor, id, BACKUPS);
        return id;
    }

    @Nested
    class Attaching {

        @Test
        void anIncidentWithoutChecklistsInvitesAttachingOne() {
            long id = draftJson().create();

            String html = PortalClient.browser().get(tab(id)).asString();

            assertTrue(html.contains("<h2>No checklists yet</h2>"));
            assertTrue(html.contains("<option value=\"" + BACKUPS + "\""), "the library is offered");
        }

        @Test
        void attachingCopiesTheItemsInOrderAndStartsAtZeroSettled() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();

            Response response = attach(editor, id, BACKUPS);

            assertEquals(303, response.statusCode());
            assertEquals(tab(id), PortalClient.location(response));
            String html = editor.follow(response).asString();
            assertEquals(BACKUP_ITEMS, Checklists.itemTexts(html, BACKUPS));
            assertTrue(Checklists.card(html, BACKUPS).contains("<h2>Backups and restore drills <span class=\"muted small\">0 of 5 settled</span></h2>"),
                    Checklists.card(html, BACKUPS));
            List<IncidentChecklistItem> stored = items(id, BACKUPS);
            assertEquals(List.of(1, 2, 3, 4, 5), stored.stream().map(i -> i.position).toList());
            assertTrue(stored.stream().allMatch(i -> i.state == ItemState.OPEN), "every item starts open");
            IncidentChecklistItem restore = stored.get(1);
            assertAll("the item's rules travel with it",
                    () -> assertTrue(restore.requiresEvidence),
                    () -> assertEquals(30, restore.verifyEveryDays),
                    () -> assertEquals("https://www.postgresql.org/docs/current/backup.html", restore.guidanceUrl));
        }

        @Test
        void attachingSaysHowToUseIt() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();

            String html = editor.follow(attach(editor, id, BACKUPS)).asString();

            assertEquals(Optional.of("Checklist attached. Tick items as they are done; each shows who and when."), Html.flash(html));
        }

        @Test
        void attachingTheSameChecklistTwiceIsRefused() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);

            Response again = attach(editor, id, BACKUPS);

            assertEquals(400, again.statusCode());
            assertTrue(again.asString().contains("That checklist is attached already."));
            assertEquals(1, Checklists.attachedCount(id));
            assertEquals(5, items(id, BACKUPS).size(), "no second copy of the items");
        }

        @Test
        void attachingSomethingNotInTheLibraryIsRefused() {
            long id = draftJson().create();

            Response refused = attach(PortalClient.browser(), id, "no-such-checklist");

            assertEquals(400, refused.statusCode());
            assertTrue(refused.asString().contains("Choose a checklist from the library."));
            assertEquals(0, Checklists.attachedCount(id));
        }

        @Test
        void severalChecklistsCanBeAttachedToOneIncident() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);

            attached(editor, id, GENERAL);

            String html = editor.get(tab(id)).asString();
            assertEquals(BACKUP_ITEMS, Checklists.itemTexts(html, BACKUPS));
            assertEquals(4, Checklists.itemTexts(html, GENERAL).size());
        }

        @Test
        void thePostmortemTemplateSuggestsItsChecklistsUntilTheyAreAttached() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            String postmortem = "/incidents/" + id + "/postmortem";
            assertFalse(editor.get(tab(id)).asString().contains("Suggested by the postmortem template"), "no postmortem, no suggestion");

            editor.open(postmortem).submit(postmortem, Map.of("template", "wrong-database")).then().statusCode(303);

            String html = editor.get(tab(id)).asString();
            assertTrue(html.contains("Suggested by the postmortem template: <strong>Environment and database targeting</strong>, "
                    + "<strong>Backups and restore drills</strong>, <strong>Config and deploy change safety</strong>."), html);
            assertTrue(html.contains("<option value=\"" + ENV_DATABASE + "\" selected>"), "the first suggestion is pre-selected");
            attached(editor, id, ENV_DATABASE);
            String after = editor.get(tab(id)).asString();
            assertTrue(after.contains("Suggested by the postmortem template: <strong>Backups and restore drills</strong>, "
                    + "<strong>Config and deploy change safety</strong>."), "an attached checklist is no longer suggested");
        }

        @Test
        void attachingToAnIncidentThatDoesNotExistIsNotFound() {
            PortalClient editor = PortalClient.browser();
            PortalClient.FormPage page = editor.open(tab(draftJson().create()));

            assertEquals(404, page.submit(tab(Long.MAX_VALUE / 2), Map.of("checklist", BACKUPS)).statusCode());
        }
    }

    @Nested
    class Settling {

        @Test
        void doneOnAnItemThatNeedsEvidenceWithoutANoteIsRefusedAndTheItemStaysOpen() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long restore = itemId(id, BACKUPS, RESTORE_DRILL);

            Response refused = setState(editor, id, restore, "DONE", "   ");

            assertEquals(400, refused.statusCode());
            assertEquals(Optional.of(EVIDENCE_NEEDED), noteError(refused.asString(), restore), "the message is next to the item");
            IncidentChecklistItem stored = item(restore);
            assertEquals(ItemState.OPEN, stored.state);
            assertNull(stored.changedAt);
            assertNull(stored.reverifyDueAt);
        }

        @Test
        void doneWithEvidenceSettlesTheItemAndRecordsWhoAndWhen() {
            TestAccounts.Account person = TestAccounts.fresh(Role.EDITOR);
            PortalClient editor = PortalClient.anonymous().signIn(person);
            long id = withBackupsChecklist(editor);
            long restore = itemId(id, BACKUPS, RESTORE_DRILL);
            Instant before = clock.instant().truncatedTo(ChronoUnit.MILLIS);

            Response done = setState(editor, id, restore, "DONE", "  Restored into scratch-db on Monday: https://wiki.example/drill-42  ");

            Instant after = clock.instant();
            assertEquals(303, done.statusCode());
            assertEquals(tab(id), PortalClient.location(done));
            IncidentChecklistItem stored = item(restore);
            assertAll(
                    () -> assertEquals(ItemState.DONE, stored.state),
                    () -> assertEquals("Restored into scratch-db on Monday: https://wiki.example/drill-42", stored.note, "trimmed"),
                    () -> assertEquals(person.id(), stored.changedBy, "who"),
                    () -> assertFalse(stored.changedAt.isBefore(before) || stored.changedAt.isAfter(after), "when: " + stored.changedAt),
                    () -> assertEquals(stored.changedAt.plus(Duration.ofDays(30)), stored.reverifyDueAt, "comes back in 30 days"));
            String block = itemBlock(editor.follow(done).asString(), restore);
            assertAll(
                    () -> assertTrue(block.contains("class=\"item item-done\""), block),
                    () -> assertTrue(block.contains("<em>Evidence:</em> Restored into scratch-db on Monday"), block),
                    () -> assertTrue(block.matches("(?s).*Done by [^<]+ · <time.*"), "who and when it was done"),
                    () -> assertTrue(block.contains(" · re-verify by <time"), "when it comes back"),
                    () -> assertFalse(block.contains("Re-verify due"), "not due yet"),
                    () -> assertTrue(block.contains("value=\"OPEN\""), "a done item can be reopened"));
        }

        @Test
        void aSettledItemShowsWhoSettledIt() {
            TestAccounts.Account person = TestAccounts.fresh(Role.EDITOR);
            PortalClient editor = PortalClient.anonymous().signIn(person);
            long id = withBackupsChecklist(editor);
            long automated = itemId(id, BACKUPS, AUTOMATED_BACKUPS);

            String block = itemBlock(editor.follow(setState(editor, id, automated, "DONE", "")).asString(), automated);

            String name = "Editor " + person.email().substring(0, person.email().indexOf('@'));
            assertTrue(block.contains(name), () -> "expected " + name + " in " + block);
        }

        @Test
        void doneOnAnItemThatNeedsNoEvidenceNeedsNoNote() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long automated = itemId(id, BACKUPS, AUTOMATED_BACKUPS);

            Response done = setState(editor, id, automated, "DONE", "");

            assertEquals(303, done.statusCode());
            IncidentChecklistItem stored = item(automated);
            assertEquals(ItemState.DONE, stored.state);
            assertNull(stored.reverifyDueAt, "an item without an interval never comes back");
            assertTrue(Checklists.card(editor.follow(done).asString(), BACKUPS).contains("1 of 5 settled"));
        }

        @Test
        void notApplicableWithoutAReasonIsRefusedAndTheItemStaysOpen() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long storedAway = itemId(id, BACKUPS, STORED_AWAY);

            Response refused = setState(editor, id, storedAway, "NOT_APPLICABLE", "");

            assertEquals(400, refused.statusCode());
            assertEquals(Optional.of(REASON_NEEDED), noteError(refused.asString(), storedAway));
            assertEquals(ItemState.OPEN, item(storedAway).state);
        }

        @Test
        void notApplicableWithAReasonIsSettledAndTheReasonIsShown() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long storedAway = itemId(id, BACKUPS, STORED_AWAY);

            Response settled = setState(editor, id, storedAway, "NOT_APPLICABLE", "We run on managed snapshots <in another region>");

            assertEquals(303, settled.statusCode());
            assertEquals(ItemState.NOT_APPLICABLE, item(storedAway).state);
            String html = editor.follow(settled).asString();
            String block = itemBlock(html, storedAway);
            assertTrue(block.contains("<em>Why not:</em> We run on managed snapshots &lt;in another region&gt;"), block);
            assertTrue(block.contains("Not applicable"), block);
            assertTrue(Checklists.card(html, BACKUPS).contains("1 of 5 settled"), "not applicable counts as settled");
        }

        @Test
        void reopeningClearsTheEvidenceAndTheReverificationDate() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long restore = itemId(id, BACKUPS, RESTORE_DRILL);
            setState(editor, id, restore, "DONE", "Drill log: https://wiki.example/drill-7").then().statusCode(303);

            Response reopened = setState(editor, id, restore, "OPEN", "ignored");

            assertEquals(303, reopened.statusCode());
            IncidentChecklistItem stored = item(restore);
            assertAll(
                    () -> assertEquals(ItemState.OPEN, stored.state),
                    () -> assertEquals("", stored.note),
                    () -> assertNull(stored.reverifyDueAt));
            String block = itemBlock(editor.follow(reopened).asString(), restore);
            assertFalse(block.contains("Evidence:"), block);
            assertFalse(block.contains("value=\"OPEN\""), "an open item offers no Reopen");
        }

        @Test
        void aNoteLongerThanTwoThousandCharactersIsRefused() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long automated = itemId(id, BACKUPS, AUTOMATED_BACKUPS);

            Response refused = setState(editor, id, automated, "DONE", "x".repeat(2001));

            assertEquals(400, refused.statusCode());
            assertEquals(Optional.of("Keep the note under 2,000 characters; link to longer material."), noteError(refused.asString(), automated));
            assertEquals(ItemState.OPEN, item(automated).state);
        }

        @Test
        void anItemCannotBeSettledThroughAnotherIncident() {
            PortalClient editor = PortalClient.browser();
            long mine = withBackupsChecklist(editor);
            long other = withBackupsChecklist(editor);
            long automated = itemId(mine, BACKUPS, AUTOMATED_BACKUPS);

            Response response = setState(editor, other, automated, "DONE", "");

            assertEquals(404, response.statusCode());
            assertEquals(ItemState.OPEN, item(automated).state);
        }

        @Test
        void anUnknownStateIsRefusedAndChangesNothing() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long automated = itemId(id, BACKUPS, AUTOMATED_BACKUPS);

            Response refused = setState(editor, id, automated, "FINISHED", "");

            assertEquals(400, refused.statusCode());
            assertEquals(ItemState.OPEN, item(automated).state);
        }

        @Test
        void anUnknownStateIsRefusedWithAMessage() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long automated = itemId(id, BACKUPS, AUTOMATED_BACKUPS);

            Response refused = setState(editor, id, automated, "FINISHED", "");

            assertTrue(refused.asString().contains("Choose done, not applicable or open."));
        }
    }

    @Nested
    class Reverification {

        /** Marks the restore drill done with evidence, as the editor, and returns the item id. */
        private long restoreDrillDone(PortalClient editor, long incidentId) {
            long restore = itemId(incidentId, BACKUPS, RESTORE_DRILL);
            setState(editor, incidentId, restore, "DONE", "Restored last night's dump into scratch: rows match").then().statusCode(303);
            return restore;
        }

        @Test
        void aRestoreDrillDoneThirtyOneDaysAgoIsDueAgainOnTheTabTheDashboardAndTheDigest() {
            long id = withBackupsChecklist(PortalClient.browser());
            long restore = restoreDrillDone(PortalClient.browser(), id);

            clock.advance(Duration.ofDays(31));
            // A month later the old session has long expired: sign in again, as the person would.
            PortalClient nextMonth = PortalClient.browser();

            String block = itemBlock(nextMonth.get(tab(id)).asString(), restore);
            assertAll("the incident's Checklists tab",
                    () -> assertTrue(block.contains("<span class=\"badge due\">Re-verify due</span>"), block),
                    () -> assertTrue(block.contains("class=\"item item-done reverify\""), block),
                    () -> assertTrue(block.contains(">Re-verified</button>"), "done again is offered as re-verified"));
            String dashboard = section(nextMonth.get("/").asString(), "Re-verifications due");
            assertTrue(dashboard.contains("<a href=\"/incidents/" + id + "/checklists#item-" + restore + "\">" + RESTORE_DRILL + "</a>"),
                    dashboard);
            DailyDigest.Due due = digest.announce();
            assertTrue(due.reverifications().stream().anyMatch(i -> i.id == restore), "the digest announces it");
        }

        @Test
        void aRestoreDrillDoneTwentyNineDaysAgoIsNotDueYet() {
            long id = withBackupsChecklist(PortalClient.browser());
            long restore = restoreDrillDone(PortalClient.browser(), id);

            clock.advance(Duration.ofDays(29));
            PortalClient later = PortalClient.browser();

            assertFalse(itemBlock(later.get(tab(id)).asString(), restore).contains("Re-verify due"));
            assertFalse(later.get("/").asString().contains("checklists#item-" + restore + "\""), "not on the dashboard");
            assertTrue(digest.announce().reverifications().stream().noneMatch(i -> i.id == restore), "not in the digest");
        }

        @Test
        void reverifyingWithNewEvidenceMovesTheNextCheckThirtyDaysOn() {
            long id = withBackupsChecklist(PortalClient.browser());
            long restore = restoreDrillDone(PortalClient.browser(), id);
            clock.advance(Duration.ofDays(31));
            PortalClient nextMonth = PortalClient.browser();

            setState(nextMonth, id, restore, "DONE", "Second drill: restored in 38 minutes").then().statusCode(303);

            IncidentChecklistItem stored = item(restore);
            assertEquals(stored.changedAt.plus(Duration.ofDays(30)), stored.reverifyDueAt);
            assertTrue(stored.reverifyDueAt.isAfter(clock.instant().plus(Duration.ofDays(29))));
            assertFalse(itemBlock(nextMonth.get(tab(id)).asString(), restore).contains("Re-verify due"));
            assertTrue(digest.announce().reverifications().stream().noneMatch(i -> i.id == restore));
        }

        @Test
        void itemsWithoutAnIntervalAndItemsNotApplicableNeverComeBack() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long automated = itemId(id, BACKUPS, AUTOMATED_BACKUPS);
            long restore = itemId(id, BACKUPS, RESTORE_DRILL);
            setState(editor, id, automated, "DONE", "").then().statusCode(303);
            setState(editor, id, restore, "NOT_APPLICABLE", "This service keeps no data of its own").then().statusCode(303);

            clock.advance(Duration.ofDays(400));

            String html = PortalClient.browser().get(tab(id)).asString();
            assertFalse(itemBlock(html, automated).contains("Re-verify due"));
            assertFalse(itemBlock(html, restore).contains("Re-verify due"));
            assertTrue(digest.announce().reverifications().stream().noneMatch(i -> i.id == automated || i.id == restore));
        }
    }

    @Nested
    class Permissions {

        @Test
        void viewersSeeTheChecklistsButNoWayToChangeThem() {
            long id = withBackupsChecklist(PortalClient.browser());

            String html = PortalClient.browserAs(Role.VIEWER).get(tab(id)).asString();

            assertEquals(BACKUP_ITEMS, Checklists.itemTexts(html, BACKUPS));
            assertFalse(html.contains("Attach a checklist"));
            assertFalse(html.contains("value=\"DONE\""), "no Done buttons");
        }

        @Test
        void viewersAreRefusedAttachingAndSettling() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            long automated = itemId(id, BACKUPS, AUTOMATED_BACKUPS);
            // The viewer's page carries a valid CSRF token (the sign-out form): the refusal is the role's.
            PortalClient.FormPage page = PortalClient.browserAs(Role.VIEWER).open(tab(id));

            Response attaching = page.submit(tab(id), Map.of("checklist", GENERAL));
            Response settling = page.submit(Checklists.itemAction(id, automated), Map.of("state", "DONE", "note", "done"));

            assertEquals(403, attaching.statusCode());
            assertEquals(403, settling.statusCode());
            assertEquals(1, Checklists.attachedCount(id));
            assertEquals(ItemState.OPEN, item(automated).state);
        }
    }

    @Nested
    class Overview {

        @Test
        void theOverviewSaysNoneAttachedBeforeAnyChecklist() {
            long id = draftJson().create();

            String html = PortalClient.browser().get("/incidents/" + id).asString();

            assertTrue(html.contains("<a href=\"/incidents/" + id + "/checklists\">none attached</a>"), html);
        }

        @Test
        void theOverviewCountsSettledItemsOverAllChecklists() {
            PortalClient editor = PortalClient.browser();
            long id = withBackupsChecklist(editor);
            attached(editor, id, GENERAL);
            setState(editor, id, itemId(id, BACKUPS, AUTOMATED_BACKUPS), "DONE", "").then().statusCode(303);
            setState(editor, id, itemId(id, BACKUPS, STORED_AWAY), "NOT_APPLICABLE", "Snapshots are off-site by design")
                    .then().statusCode(303);

            String html = editor.get("/incidents/" + id).asString();

            // 5 backup items and 4 general ones; done and not applicable both count as settled.
            assertTrue(html.contains("<a href=\"/incidents/" + id + "/checklists\">2 of 9 items settled</a>"), html);
        }
    }

    // --- reading the pages ---------------------------------------------------------------------

    /** The message shown in an item's form, if any. */
    static Optional<String> noteError(String html, long itemId) {
        return Html.fieldError(html, "note-" + itemId);
    }

    /** The dashboard card whose heading is {@code heading}. */
    static String section(String html, String heading) {
        int start = html.indexOf("<h2>" + heading + "</h2>");
        assertTrue(start >= 0, () -> "no section " + heading + " in " + html);
        return html.substring(start, html.indexOf("</section>", start));
    }
}
