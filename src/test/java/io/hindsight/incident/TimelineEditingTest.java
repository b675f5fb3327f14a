package io.hindsight.incident;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static io.hindsight.ProblemAssertions.assertProblem;
import static io.hindsight.incident.Incidents.API;
import static io.hindsight.incident.Incidents.draftJson;
import static io.hindsight.incident.Incidents.read;
import static io.hindsight.incident.Incidents.shortId;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timeline entries are corrected, not only removed; they render Markdown and name who added them; and one from
 * before the impact started asks whether to move the start.
 */
@QuarkusTest
class TimelineEditingTest {

    static final Instant STARTED = Instant.parse("2026-03-14T09:30:00Z");
    static final String NOTICE_END = "). Move the start to this time, or keep the start?";

    @Inject
    IncidentService incidents;

    @Nested
    class OnThePage {

        @Test
        void anEntryRendersMarkdownSafelyAndNamesWhoAddedIt() {
            long id = incident();
            TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
            PortalClient browser = PortalClient.anonymous().signIn(account);

            Response added = browser.open("/incidents/" + id).submit("/incidents/" + id + "/timeline", moment("2026-03-14T09:50",
                    "**Rolled back** the deploy, see [the runbook](https://runbooks.example/rollback) <script>alert(1)</script>"));

            assertEquals(303, added.statusCode(), added.asString());
            String html = browser.follow(added).asString();
            assertTrue(html.contains("<strong>Rolled back</strong> the deploy"), html);
            assertTrue(html.matches("(?s).*<a (?=[^>]*rel=\"noopener noreferrer nofollow\")[^>]*href=\"https://runbooks.example/rollback\"[^>]*>"
                    + "the runbook</a>.*"), "a safe link");
            assertFalse(html.contains("<script>alert(1)</script>"), "raw HTML is shown as text");
            String name = "Editor " + account.email().substring(0, account.email().indexOf('@'));
            assertTrue(html.contains("Added by " + name), html);
            read(id).then().body("timeline[0].created_by", equalTo(name));
        }

        @Test
        void anEntryWithoutAnAuthorNamesNobody() {
            long id = incident();
            QuarkusTransaction.requiringNew().run(() -> incidents.addTimelineEntry(id,
                    new TimelineDraft(STARTED.plusSeconds(600), TimelineKind.OBSERVATION, "Seen in the demo story.")));

            String html = PortalClient.browser().get("/incidents/" + id).asString();

            assertTrue(html.contains("Seen in the demo story."));
            assertFalse(html.contains("Added by"), "nobody is named");
            read(id).then().body("timeline[0]", not(hasKey("created_by")));
        }

        @Test
        void theEditFormShowsTheEntryAndSavingCorrectsIt() {
            long id = incident();
            long entry = entryOf(id, "2026-03-14T09:50", "Paged the on-call.");
            PortalClient browser = PortalClient.browser();
            String editAddress = "/incidents/" + id + "/timeline/" + entry + "/edit";
            assertTrue(browser.get("/incidents/" + id).asString().contains("href=\"" + editAddress + "\""), "an Edit link per entry");

            FormPage form = browser.open(editAddress);
            assertEquals(Optional.of("2026-03-14T09:50"), Html.inputValue(form.html(), "occurredAt"));
            assertEquals(Optional.of("ACTION"), Html.selected(form.html(), "kind"));
            assertEquals(Optional.of("Paged the on-call."), Html.textarea(form.html(), "description"));

            Response saved = form.submit(editAddress, Map.of("occurredAt", "2026-03-14T09:55", "kind", "COMMUNICATION",
                    "description", "Paged the database on-call.", "zone", "UTC"));

            assertEquals(303, saved.statusCode(), saved.asString());
            assertTrue(saved.header("Location").endsWith("/incidents/" + id + "#entry-" + entry), saved.header("Location"));
            assertEquals(Optional.of("Timeline entry saved."), Html.flash(browser.follow(saved).asString()));
            read(id).then()
                    .body("timeline.size()", equalTo(1))
                    .body("timeline[0].occurred_at", equalTo("2026-03-14T09:55:00Z"))
                    .body("timeline[0].kind", equalTo("COMMUNICATION"))
                    .body("timeline[0].description", equalTo("Paged the database on-call."))
                    .body("timeline[0].created_by", equalTo("Editor editor"));
        }

        @Test
        void anInvalidEditComesBackWithTheTypedValuesAndChangesNothing() {
            long id = incident();
            long entry = entryOf(id, "2026-03-14T09:50", "Paged the on-call.");
            String before = read(id).asString();
            String editAddress = "/incidents/" + id + "/timeline/" + entry + "/edit";

            Response rejected = PortalClient.browser().open(editAddress).submit(editAddress,
                    Map.of("occurredAt", "2026-03-14T09:58", "kind", "OBSERVATION", "description", "  ", "zone", "UTC"));

            assertEquals(400, rejected.statusCode());
            String html = rejected.asString();
            assertEquals(Optional.of("Say what happened."), Html.fieldError(html, "description"));
            assertEquals(Optional.of("2026-03-14T09:58"), Html.inputValue(html, "occurredAt"));
            assertEquals(Optional.of("OBSERVATION"), Html.selected(html, "kind"));
            assertEquals(before, read(id).asString());
        }

        @Test
        void aViewerCannotOpenOrSendTheEditForm() {
            long id = incident();
            long entry = entryOf(id, "2026-03-14T09:50", "Paged the on-call.");
            String before = read(id).asString();
            String editAddress = "/incidents/" + id + "/timeline/" + entry + "/edit";
            PortalClient viewer = PortalClient.browserAs(Role.VIEWER);

            Response refusedPage = viewer.get(editAddress);
            assertEquals(403, refusedPage.statusCode());
            String entryAddress = "/incidents/" + id + "/timeline/" + entry;
            assertTrue(refusedPage.asString().contains("href=\"" + entryAddress + "\""), "the refusal links to the entry");
            Response entryPage = viewer.get(entryAddress);
            assertEquals(303, entryPage.statusCode(), "the entry's address shows it on the incident page");
            assertTrue(entryPage.header("Location").endsWith("/incidents/" + id + "#entry-" + entry), entryPage.header("Location"));
            assertFalse(viewer.get("/incidents/" + id).asString().contains(editAddress), "no Edit link for viewers");
            Response refused = viewer.open("/incidents/" + id).submit(editAddress,
                    Map.of("occurredAt", "2026-03-14T09:55", "kind", "ACTION", "description", "Changed by a viewer.", "zone", "UTC"));
            assertEquals(403, refused.statusCode());
            assertEquals(before, read(id).asString());
        }

        @Test
        void anEntryOfAnotherIncidentIsNotFound() {
            long first = incident();
            long second = incident();
            long entry = entryOf(first, "2026-03-14T09:50", "Paged the on-call.");

            assertEquals(404, PortalClient.browser().get("/incidents/" + second + "/timeline/" + entry + "/edit").statusCode());
        }

        @Test
        void anEntryBeforeTheStartAsksAndSavesNothing() {
            long id = incident();

            Response asked = PortalClient.browser().open("/incidents/" + id).submit("/incidents/" + id + "/timeline",
                    moment("2026-03-14T09:10", "First error in the logs."));

            assertEquals(400, asked.statusCode());
            String html = asked.asString();
            assertTrue(html.contains("This is before the impact started (<time datetime=\"2026-03-14T09:30:00Z\""), html);
            assertTrue(html.contains(NOTICE_END));
            assertTrue(html.contains("<button type=\"submit\" name=\"confirm\" value=\"move-start\""));
            assertTrue(html.contains("<button type=\"submit\" name=\"confirm\" value=\"keep\""));
            assertEquals(Optional.of("2026-03-14T09:10"), Html.inputValue(html, "occurredAt"), "the typed values stay");
            assertEquals(Optional.of("First error in the logs."), Html.textarea(html, "description"));
            read(id).then().body("timeline", empty()).body("started_at", equalTo(STARTED.toString()));
        }

        @Test
        void keepingTheStartSavesTheEntryAsIs() {
            long id = incident();
            PortalClient browser = PortalClient.browser();

            Response saved = browser.open("/incidents/" + id).submit("/incidents/" + id + "/timeline",
                    withConfirm(moment("2026-03-14T09:10", "First error in the logs."), "keep"));

            assertEquals(303, saved.statusCode());
            assertEquals(Optional.of("Added to the timeline."), Html.flash(browser.follow(saved).asString()));
            read(id).then().body("timeline[0].occurred_at", equalTo("2026-03-14T09:10:00Z"))
                    .body("started_at", equalTo(STARTED.toString()));
        }

        @Test
        void movingTheStartSavesTheEntryAndStartsTheImpactThen() {
            long id = incident();
            PortalClient browser = PortalClient.browser();

            Response saved = browser.open("/incidents/" + id).submit("/incidents/" + id + "/timeline",
                    withConfirm(moment("2026-03-14T09:10", "First error in the logs."), "move-start"));

            assertEquals(303, saved.statusCode());
            assertEquals(Optional.of("Added to the timeline; the impact now starts at this moment."),
                    Html.flash(browser.follow(saved).asString()));
            read(id).then().body("timeline[0].occurred_at", equalTo("2026-03-14T09:10:00Z"))
                    .body("started_at", equalTo("2026-03-14T09:10:00Z"))
                    .body("time_to_detect_seconds", equalTo(32 * 60));
        }

        @Test
        void editingAnEntryToBeforeTheStartAsksToo() {
            long id = incident();
            long entry = entryOf(id, "2026-03-14T09:50", "First error in the logs.");
            String editAddress = "/incidents/" + id + "/timeline/" + entry + "/edit";
            PortalClient browser = PortalClient.browser();
            Map<String, String> earlier = moment("2026-03-14T09:20", "First error in the logs.");

            Response asked = browser.open(editAddress).submit(editAddress, earlier);
            assertEquals(400, asked.statusCode());
            assertTrue(asked.asString().contains(NOTICE_END));
            read(id).then().body("timeline[0].occurred_at", equalTo("2026-03-14T09:50:00Z"));

            Response moved = browser.open(editAddress).submit(editAddress, withConfirm(earlier, "move-start"));
            assertEquals(303, moved.statusCode());
            read(id).then().body("timeline[0].occurred_at", equalTo("2026-03-14T09:20:00Z"))
                    .body("started_at", equalTo("2026-03-14T09:20:00Z"));
        }
    }

    @Nested
    class InTheApi {

        @Test
        void putCorrectsAnEntryAndKeepsWhoAddedIt() {
            long id = incident();
            long entry = apiEntry(id, STARTED.plusSeconds(600), "Restarted.");

            PortalClient.api().body(Map.of("occurred_at", STARTED.plusSeconds(900).toString(), "kind", "OBSERVATION",
                            "description", "  Restarted the worker.  "))
                    .put(API + "/" + id + "/timeline/" + entry)
                    .then().statusCode(200)
                    .body("id", equalTo((int) entry))
                    .body("occurred_at", equalTo(STARTED.plusSeconds(900).toString()))
                    .body("kind", equalTo("OBSERVATION"))
                    .body("description", equalTo("Restarted the worker."))
                    .body("created_by", equalTo("Editor editor"));
            read(id).then().body("timeline[0].description", equalTo("Restarted the worker."));
        }

        @Test
        void anInvalidPutIsAProblemAndChangesNothing() {
            long id = incident();
            long entry = apiEntry(id, STARTED.plusSeconds(600), "Restarted.");
            String before = read(id).asString();

            assertProblem(PortalClient.api().body(Map.of("occurred_at", STARTED.plusSeconds(900).toString(), "kind", "ACTION",
                    "description", " ")).put(API + "/" + id + "/timeline/" + entry), 400, "description");
            assertProblem(PortalClient.api().body(Map.of("occurred_at", STARTED.plusSeconds(900).toString(), "kind", "ACTION",
                    "description", "Fine.")).put(API + "/" + id + "/timeline/" + Long.MAX_VALUE), 404);
            assertEquals(before, read(id).asString());
        }

        @Test
        void aViewerCannotCorrectAnEntry() {
            long id = incident();
            long entry = apiEntry(id, STARTED.plusSeconds(600), "Restarted.");

            assertEquals(403, PortalClient.apiAs(Role.VIEWER).body(Map.of("occurred_at", STARTED.plusSeconds(900).toString(),
                    "kind", "ACTION", "description", "Changed by a viewer.")).put(API + "/" + id + "/timeline/" + entry).statusCode());
            read(id).then().body("timeline[0].description", equalTo("Restarted."));
        }

        @Test
        void anEntryBeforeTheStartIsKeptAsGivenUnlessAskedToMoveTheStart() {
            long id = incident();

            apiEntry(id, STARTED.minusSeconds(600), "Early warning.");
            read(id).then().body("started_at", equalTo(STARTED.toString()));

            PortalClient.api().queryParam("move_start", true)
                    .body(Map.of("occurred_at", STARTED.minusSeconds(1200).toString(), "kind", "OBSERVATION", "description", "Earlier still."))
                    .post(API + "/" + id + "/timeline").then().statusCode(201);
            read(id).then().body("started_at", equalTo(STARTED.minusSeconds(1200).toString()))
                    .body("timeline.size()", equalTo(2));
        }
    }

    /** An investigating incident that started at 09:30 UTC and was detected at 09:42. */
    static long incident() {
        return draftJson().title("Timeline " + shortId()).startedAt(STARTED).detectedAt(STARTED.plusSeconds(12 * 60)).create();
    }

    static Map<String, String> moment(String at, String description) {
        return Map.of("occurredAt", at, "kind", "ACTION", "description", description, "zone", "UTC");
    }

    static Map<String, String> withConfirm(Map<String, String> fields, String confirm) {
        Map<String, String> with = new java.util.LinkedHashMap<>(fields);
        with.put("confirm", confirm);
        return with;
    }

    /** Adds a moment through the page as the shared editor and returns its id. */
    static long entryOf(long id, String at, String description) {
        Response added = PortalClient.browser().open("/incidents/" + id).submit("/incidents/" + id + "/timeline", moment(at, description));
        assertEquals(303, added.statusCode(), added.asString());
        return read(id).jsonPath().getLong("timeline.find { it.description == '" + description + "' }.id");
    }

    static long apiEntry(long id, Instant at, String description) {
        Response added = PortalClient.api().body(Map.of("occurred_at", at.toString(), "kind", "ACTION", "description", description))
                .post(API + "/" + id + "/timeline");
        assertEquals(201, added.statusCode(), added.asString());
        return added.jsonPath().getLong("id");
    }
}
