package io.hindsight.actionitem;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItems.Fields;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.hindsight.actionitem.ActionItems.add;
import static io.hindsight.actionitem.ActionItems.added;
import static io.hindsight.actionitem.ActionItems.byId;
import static io.hindsight.actionitem.ActionItems.draft;
import static io.hindsight.actionitem.ActionItems.row;
import static io.hindsight.actionitem.ActionItems.setStatus;
import static io.hindsight.actionitem.ActionItems.tab;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Action items tab of an incident: adding items by the rules, and moving them along. */
@QuarkusTest
class IncidentActionItemsTest {

    @Inject
    ActionItemService service;

    @Inject
    AssignmentEvents events;

    @Nested
    class Adding {

        @Test
        void anIncidentWithoutItemsInvitesAddingOne() {
            long id = draftJson().create();

            String html = PortalClient.browser().get(tab(id)).asString();

            assertTrue(html.contains("<h2>No action items yet</h2>"));
            assertTrue(html.contains("<h2>Add an action item</h2>"));
        }

        @Test
        void anItemWithOwnerDueDatePriorityKindAndTrackerIsStoredAndShownOnTheTab() {
            TestAccounts.Account owner = TestAccounts.fresh(Role.EDITOR);
            long id = draftJson().create();
            LocalDate due = service.today().plusDays(20);
            PortalClient editor = PortalClient.browser();
            Fields fields = draft().owner(owner.id()).due(due).set("priority", "P1").set("kind", "DETECT")
                    .set("trackerUrl", " https://tracker.example/OPS-123 ");

            Response response = add(editor, id, fields);

            assertEquals(303, response.statusCode());
            assertEquals(tab(id), PortalClient.location(response));
            ActionItem stored = ActionItems.byTitle(fields.title());
            assertAll("stored",
                    () -> assertEquals(ActionItem.Status.OPEN, stored.status),
                    () -> assertEquals(due, stored.dueOn),
                    () -> assertEquals(ActionItem.Priority.P1, stored.priority),
                    () -> assertEquals(ActionItem.Kind.DETECT, stored.kind),
                    () -> assertEquals("https://tracker.example/OPS-123", stored.trackerUrl, "trimmed"),
                    () -> assertNull(stored.completedAt));
            String html = editor.follow(response).asString();
            String row = row(html, stored.id);
            assertAll("shown",
                    () -> assertEquals(Optional.of("Action item added. It stays on its owner's dashboard until it is done."), Html.flash(html)),
                    () -> assertTrue(row.contains("<span class=\"badge kind\">P1</span>"), row),
                    () -> assertTrue(row.contains("<strong>" + fields.title() + "</strong>")),
                    () -> assertTrue(row.contains("<td>Detect</td>")),
                    () -> assertTrue(row.contains("<td>Editor " + localPart(owner) + "</td>"), "the owner's name"),
                    () -> assertTrue(row.contains("<td>" + due + "</td>"), "the due date, neither overdue nor due soon"),
                    () -> assertTrue(row.contains("<a class=\"small\" href=\"https://tracker.example/OPS-123\" rel=\"noopener noreferrer nofollow\">Tracker</a>")),
                    () -> assertTrue(row.contains("status-open\">Open</span>")));
        }

        @Test
        void anItemAddedOnTheTabIsListedOnTheActionItemsPageWithItsIncident() {
            var incident = draftJson();
            long id = incident.create();
            long item = added(PortalClient.browser(), id, draft());

            String html = PortalClient.browserAs(Role.VIEWER).get("/action-items?incident=" + id).asString();

            assertEquals(List.of(item), ActionItems.rowIds(html));
            assertTrue(row(html, item).contains("<a class=\"small\" href=\"/incidents/" + id + "/action-items\">#" + id + " "
                    + incident.title() + "</a>"), row(html, item));
        }

        @Test
        void anItemNeedsNeitherOwnerNorDueDate() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();

            long item = added(editor, id, draft());

            String row = row(editor.get(tab(id)).asString(), item);
            assertTrue(row.contains("<span class=\"muted\">Nobody yet</span>"), row);
            assertTrue(row.contains("<span class=\"muted\">—</span>"), "no due date");
            assertNull(byId(item).dueOn);
        }

        @Test
        void addingAnItemWithAnOwnerAnnouncesTheAssignment() {
            TestAccounts.Account owner = TestAccounts.fresh(Role.EDITOR);
            long id = draftJson().create();

            long item = added(PortalClient.browser(), id, draft().owner(owner.id()));

            // Notifications listen for ActionItemAssigned to tell the owner.
            List<AssignmentEvents.Assignment> seen = events.assignmentsOf(item);
            assertEquals(1, seen.size(), seen::toString);
            assertEquals(owner.id(), seen.get(0).ownerId());
            assertEquals(id, seen.get(0).incidentId());
        }

        @Test
        void addingAnItemWithoutAnOwnerAnnouncesNoAssignment() {
            long id = draftJson().create();

            long item = added(PortalClient.browser(), id, draft());

            assertEquals(List.of(), events.assignmentsOf(item));
        }

        @Test
        void reassigningAnItemAnnouncesTheNewOwnerButKeepingTheOwnerDoesNot() {
            // The pages have no edit form yet; the service is what an edit form or the API would call.
            TestAccounts.Account first = TestAccounts.fresh(Role.EDITOR);
            TestAccounts.Account second = TestAccounts.fresh(Role.EDITOR);
            long id = draftJson().create();
            long item = added(PortalClient.browser(), id, draft().owner(first.id()));
            ActionItem stored = byId(item);

            service.update(id, item, new ActionItemDraft(stored.title, first.id(), null, ActionItem.Priority.P3, ActionItem.Kind.MITIGATE, ""));
            assertEquals(1, events.assignmentsOf(item).size(), "same owner: no new announcement");

            service.update(id, item, new ActionItemDraft(stored.title, second.id(), null, ActionItem.Priority.P3, ActionItem.Kind.MITIGATE, ""));
            List<AssignmentEvents.Assignment> seen = events.assignmentsOf(item);
            assertEquals(2, seen.size(), seen::toString);
            assertEquals(second.id(), seen.get(1).ownerId());
        }
    }

    /** Each way the add form can be wrong, with the message and the field it is shown at. */
    enum Invalid {
        BLANK_TITLE("title", "Say what will be done.") {
            Fields apply(Fields f) {
                return f.set("title", "   ");
            }
        },
        UNKNOWN_OWNER("ownerId", "Choose someone who has an active account.") {
            Fields apply(Fields f) {
                return f.set("ownerId", "987654321");
            }
        },
        OWNER_NOT_A_NUMBER("ownerId", "Choose an owner from the list.") {
            Fields apply(Fields f) {
                return f.set("ownerId", "someone");
            }
        },
        DATE_NOT_ISO("dueOn", "Use a date like 2026-12-01.") {
            Fields apply(Fields f) {
                return f.set("dueOn", "31/12/2026");
            }
        },
        DATE_THAT_DOES_NOT_EXIST("dueOn", "Use a date like 2026-12-01.") {
            Fields apply(Fields f) {
                return f.set("dueOn", "2026-02-30");
            }
        },
        JAVASCRIPT_TRACKER_LINK("trackerUrl", "Tracker links start with https:// or http://.") {
            Fields apply(Fields f) {
                return f.set("trackerUrl", "javascript:alert(document.cookie)");
            }
        };

        final String field;
        final String message;

        Invalid(String field, String message) {
            this.field = field;
            this.message = message;
        }

        abstract Fields apply(Fields fields);
    }

    @Nested
    class Advice {

        @Test
        void aTitleWithoutAMeasurableOutcomeIsSavedAndAdvisedNextToTheItem() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            Fields fields = draft().set("title", "Improve monitoring of " + wordOnly());

            Response response = add(editor, id, fields);

            assertEquals(303, response.statusCode(), "advice, not a refusal");
            assertEquals(tab(id), PortalClient.location(response));
            ActionItem stored = ActionItems.byTitle(fields.title());
            String row = row(editor.follow(response).asString(), stored.id);
            assertTrue(row.contains("<p class=\"advice small\" id=\"advice-" + stored.id + "\" data-rule=\"vague-verb\">"
                    + "<strong>This may be hard to tell when it is done:</strong> say what will be different,"
                    + " e.g. &#39;Alert when replication lag exceeds 30 s for 5 min&#39;."), row);
        }

        @Test
        void askingPeopleToBeMoreCarefulIsAdvisedToo() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft().set("title", "Be more careful with " + wordOnly()));

            String row = row(editor.get(tab(id)).asString(), item);

            assertTrue(row.contains("data-rule=\"try-harder\""), row);
            assertTrue(row.contains("Asking people to try harder is a hope, not a change"), row);
        }

        @Test
        void aMeasurableTitleGetsNoAdvice() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft().set("title", "Alert when replication lag exceeds 30 s for 5 min " + Incidents.shortId()));

            assertFalse(row(editor.get(tab(id)).asString(), item).contains("class=\"advice"));
        }

        @Test
        void aClosedItemIsNoLongerAdvised() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft().set("title", "Look into the database " + wordOnly()));

            setStatus(editor, id, item, "DONE", "").then().statusCode(303);

            assertFalse(row(editor.get(tab(id)).asString(), item).contains("class=\"advice"));
        }

        @Test
        void viewersWhoCannotRewordItSeeNoAdvice() {
            long id = draftJson().create();
            long item = added(PortalClient.browser(), id, draft().set("title", "Better testing of " + wordOnly()));

            String html = PortalClient.browserAs(Role.VIEWER).get(tab(id)).asString();

            assertFalse(row(html, item).contains("class=\"advice"), row(html, item));
        }

        @Test
        void aRefusedFormKeepsTheTitleAndShowsTheAdviceUnderIt() {
            long id = draftJson().create();
            String title = "Investigate issue " + wordOnly();

            Response response = add(PortalClient.browser(), id, draft().set("title", title).set("dueOn", "someday"));

            assertEquals(400, response.statusCode());
            String html = response.asString();
            assertEquals(Optional.of(title), Html.inputValue(html, "title"));
            assertTrue(html.contains("id=\"title-advice\" data-rule=\"vague-verb\"><strong>This may be hard to tell when it is done:"),
                    html);
            assertEquals(0, ActionItems.countTitled(title));
        }

        /** A unique tail without digits: a digit would read as a measurable outcome. */
        private String wordOnly() {
            StringBuilder word = new StringBuilder();
            for (char c : Incidents.shortId().toCharArray()) {
                word.append(Character.isDigit(c) ? (char) ('g' + (c - '0')) : c);
            }
            return word.toString();
        }
    }

    @Nested
    class Validation {

        @ParameterizedTest
        @EnumSource(Invalid.class)
        void anInvalidItemIsRefusedWithItsMessageAndNothingIsWritten(Invalid invalid) {
            long id = draftJson().create();
            Fields fields = invalid.apply(draft().set("kind", "MITIGATE"));

            Response refused = add(PortalClient.browser(), id, fields);

            assertEquals(400, refused.statusCode());
            String html = refused.asString();
            assertAll(
                    () -> assertTrue(html.contains("<strong>Nothing was added yet.</strong>"), html),
                    () -> assertTrue(html.contains(invalid.message), () -> "expected '" + invalid.message + "'"),
                    () -> assertTrue(html.contains("<option value=\"MITIGATE\" selected>"), "what was typed is kept"),
                    () -> assertEquals(0, ActionItems.countFor(id), "nothing written"));
            if (!invalid.field.equals("ownerId")) {
                assertEquals(Optional.of(invalid.message), Html.fieldError(html, invalid.field), "the message is next to its field");
            }
        }

        @Test
        void anUnknownPriorityOrKindIsRefusedWithItsMessage() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();

            Response priority = add(editor, id, draft().set("priority", "P9"));
            Response kind = add(editor, id, draft().set("kind", "IGNORE"));

            assertEquals(400, priority.statusCode());
            assertEquals(400, kind.statusCode());
            assertEquals(0, ActionItems.countFor(id));
            assertTrue(priority.asString().contains("Choose a priority."), "the priority message is shown");
            assertTrue(kind.asString().contains("Choose detect, mitigate or prevent."), "the kind message is shown");
        }

        @Test
        void everyProblemOfTheFormIsReportedAtOnce() {
            long id = draftJson().create();

            Response refused = add(PortalClient.browser(), id, draft().set("title", "").set("dueOn", "tomorrow"));

            assertEquals(400, refused.statusCode());
            assertEquals(Optional.of("Use a date like 2026-12-01."), Html.fieldError(refused.asString(), "dueOn"));
            assertEquals(Optional.of("Say what will be done."), Html.fieldError(refused.asString(), "title"));
        }

        @Test
        void anOwnerWhoseAccountIsDisabledIsRefused() {
            TestAccounts.Account gone = TestAccounts.freshDisabled(Role.EDITOR);
            long id = draftJson().create();

            Response refused = add(PortalClient.browser(), id, draft().owner(gone.id()));

            assertEquals(400, refused.statusCode());
            assertTrue(refused.asString().contains("Choose someone who has an active account."));
            assertFalse(refused.asString().contains("<option value=\"" + gone.id() + "\""), "a disabled account is not offered");
            assertEquals(0, ActionItems.countFor(id));
        }
    }

    @Nested
    class MovingAlong {

        @Test
        void wontDoWithoutAReasonIsRefusedAndTheItemStaysOpen() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft());

            Response refused = setStatus(editor, id, item, "WONT_DO", "  ");

            assertEquals(400, refused.statusCode());
            assertTrue(refused.asString().contains("Say why it won&#39;t be done; the next incident will ask."), refused.asString());
            assertEquals(ActionItem.Status.OPEN, byId(item).status);
        }

        @Test
        void wontDoWithAReasonClosesTheItemAndShowsTheReason() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft());

            Response response = setStatus(editor, id, item, "WONT_DO", "The service is retired next month");

            assertEquals(303, response.statusCode());
            ActionItem stored = byId(item);
            assertEquals(ActionItem.Status.WONT_DO, stored.status);
            assertNotNull(stored.completedAt);
            String row = row(editor.follow(response).asString(), item);
            assertTrue(row.contains("Won't do: The service is retired next month"), row);
            assertTrue(row.contains("status-wont-do"), row);
        }

        @Test
        void doneClosesTheItemAndTheOverviewCountsIt() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft());
            added(editor, id, draft());

            Response response = setStatus(editor, id, item, "DONE", "");

            assertEquals(303, response.statusCode());
            ActionItem stored = byId(item);
            assertEquals(ActionItem.Status.DONE, stored.status);
            assertNotNull(stored.completedAt);
            String tab = editor.follow(response).asString();
            assertTrue(row(tab, item).contains("status-done\">Done</span>"));
            assertTrue(editor.get("/incidents/" + id).asString()
                    .contains("<a href=\"/incidents/" + id + "/action-items\">1 of 2 closed</a>"), "the overview");
        }

        @Test
        void startingKeepsTheItemPending() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft());

            setStatus(editor, id, item, "IN_PROGRESS", "").then().statusCode(303);

            assertEquals(ActionItem.Status.IN_PROGRESS, byId(item).status);
            assertNull(byId(item).completedAt);
            assertTrue(editor.get("/incidents/" + id).asString().contains("0 of 1 closed"));
        }

        @Test
        void reopeningClearsTheReasonAndTheCompletion() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft());
            setStatus(editor, id, item, "WONT_DO", "No budget this quarter").then().statusCode(303);

            setStatus(editor, id, item, "OPEN", "").then().statusCode(303);

            ActionItem stored = byId(item);
            assertEquals(ActionItem.Status.OPEN, stored.status);
            assertEquals("", stored.reason);
            assertNull(stored.completedAt);
        }

        @Test
        void anUnknownStatusIsRefusedWithAMessage() {
            long id = draftJson().create();
            PortalClient editor = PortalClient.browser();
            long item = added(editor, id, draft());

            Response refused = setStatus(editor, id, item, "FINISHED", "");

            assertEquals(400, refused.statusCode());
            assertTrue(refused.asString().contains("Choose a status."));
            assertEquals(ActionItem.Status.OPEN, byId(item).status);
        }

        @Test
        void anItemCannotBeMovedThroughAnotherIncident() {
            PortalClient editor = PortalClient.browser();
            long mine = draftJson().create();
            long other = draftJson().create();
            long item = added(editor, mine, draft());

            Response response = setStatus(editor, other, item, "DONE", "");

            assertEquals(404, response.statusCode());
            assertEquals(ActionItem.Status.OPEN, byId(item).status);
        }
    }

    @Nested
    class Permissions {

        @Test
        void viewersSeeTheItemsButNoWayToChangeThem() {
            long id = draftJson().create();
            long item = added(PortalClient.browser(), id, draft());

            String html = PortalClient.browserAs(Role.VIEWER).get(tab(id)).asString();

            assertEquals(List.of(item), ActionItems.rowIds(html));
            assertFalse(html.contains("Add an action item"));
            assertFalse(html.contains("value=\"DONE\""), "no status buttons");
        }

        @Test
        void viewersAreRefusedAddingAndMovingItems() {
            long id = draftJson().create();
            long item = added(PortalClient.browser(), id, draft());
            // The viewer's page carries a valid CSRF token (the sign-out form): the refusal is the role's.
            PortalClient.FormPage page = PortalClient.browserAs(Role.VIEWER).open(tab(id));
            Fields attempt = draft();

            Response adding = page.submit(tab(id), attempt.map());
            Response moving = page.submit(ActionItems.statusAction(id, item), Map.of("status", "DONE", "reason", ""));

            assertEquals(403, adding.statusCode());
            assertEquals(403, moving.statusCode());
            assertEquals(0, ActionItems.countTitled(attempt.title()));
            assertEquals(ActionItem.Status.OPEN, byId(item).status);
        }
    }

    static String localPart(TestAccounts.Account account) {
        return account.email().substring(0, account.email().indexOf('@'));
    }
}
