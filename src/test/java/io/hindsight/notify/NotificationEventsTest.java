package io.hindsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItemDraft;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Incidents;
import io.hindsight.incident.Severity;
import io.hindsight.postmortem.Postmortems;
import io.hindsight.remediation.DailyDigest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.hindsight.notify.Notifications.destination;
import static io.hindsight.notify.Notifications.onlyRow;
import static io.hindsight.notify.Notifications.rows;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the features announce ends up in the outbox, in the announcing transaction (SECURITY F22),
 * as the message each event deserves (F25). Messages are read from the outbox row as it will be
 * sent; the end-to-end cases read what the Slack stand-in received.
 */
@QuarkusTest
class NotificationEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    TestClock clock;

    @Inject
    IncidentService incidents;

    @Inject
    ActionItemService actionItems;

    @Inject
    DailyDigest digest;

    @Inject
    Outbox outbox;

    SlackStandIn slack;

    @BeforeEach
    void standIn() {
        Notifications.disableEveryDestination();
        slack = SlackStandIn.shared(clock);
    }

    @AfterEach
    void cleanUp() {
        Notifications.disableEveryDestination();
        clock.reset();
    }

    // --- Same transaction ------------------------------------------------------------------------

    @Test
    void recordingAnIncidentWritesItsOutboxRowInTheSameTransaction() throws Exception {
        SlackDestination destination = destination(slack.hook(), EventKey.INCIDENT_DECLARED);
        Notifications.hold(destination.id);
        Incidents.IncidentJson draft = Incidents.draftJson();

        long id = draft.create();

        OutboxMessage row = onlyRow(destination.id);
        assertAll(
                () -> assertEquals("incident-declared", row.eventKey),
                () -> assertEquals(OutboxMessage.Status.PENDING, row.status),
                () -> assertEquals(0, row.attempts),
                () -> assertTrue(row.payload.contains(draft.title()), row.payload),
                () -> assertTrue(row.payload.contains("/incidents/" + id), row.payload));
    }

    @Test
    void aRejectedIncidentWritesNoRow() {
        SlackDestination destination = destination(slack.hook(), EventKey.INCIDENT_DECLARED);

        Response refused = PortalClient.api().body(Incidents.draftJson().without("title").body()).post(Incidents.API);

        assertEquals(400, refused.statusCode());
        assertEquals(List.of(), rows(destination.id));
    }

    @Test
    void aChangeThatRollsBackAfterItWasAnnouncedLeavesNoRowAndSendsNothing() {
        SlackStandIn.Hook hook = slack.hook();
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        String title = "Rolled back " + Incidents.shortId();

        QuarkusTransaction.begin();
        try {
            incidents.create(draft(title));
            // The listener ran inside this transaction: the row is visible here, and only here.
            assertEquals(1, OutboxMessage.count("destination.id", destination.id));
        } finally {
            QuarkusTransaction.rollback();
        }

        assertEquals(List.of(), rows(destination.id));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> io.hindsight.incident.Incident.count("title", title)));

        // Nothing was sent either. Rather than wait a while and hope the relay was quick enough to have
        // sent a leak by then, announce a change that commits and wait for the relay's record of it: the
        // relay sends a destination's messages oldest first, so a message of the rolled-back change
        // would have reached the stand-in before this one was recorded as delivered.
        String committed = "Committed after the rollback " + Incidents.shortId();
        incidents.create(draft(committed));
        OutboxMessage after = Notifications.awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.DELIVERED, WAIT);
        assertEquals(1, after.attempts);
        List<SlackStandIn.Received> received = hook.received();
        assertEquals(1, received.size(), "the stand-in got only the committed change's message");
        assertTrue(received.get(0).body().contains(committed), received.get(0).body());
        assertFalse(received.get(0).body().contains(title), received.get(0).body());
    }

    @Test
    void theOutboxRefusesToWriteOutsideATransaction() {
        destination(slack.hook(), EventKey.INCIDENT_DECLARED);

        assertThrows(TransactionalException.class,
                () -> outbox.enqueue(EventKey.INCIDENT_DECLARED, () -> SlackMessage.builder("orphan").build()));
    }

    @Test
    void onlyEnabledDestinationsSubscribedToTheEventGetARow() {
        SlackDestination subscribed = destination(slack.hook(), EventKey.INCIDENT_DECLARED);
        SlackDestination other = destination(slack.hook(), EventKey.POSTMORTEM_PUBLISHED);
        SlackDestination disabled = destination(slack.hook(), EventKey.INCIDENT_DECLARED);
        QuarkusTransaction.requiringNew().run(() -> SlackDestination.update("disabledAt = ?1 WHERE id = ?2", Instant.now(), disabled.id));

        Incidents.draftJson().create();

        assertEquals(1, rows(subscribed.id).size());
        assertEquals(0, rows(other.id).size());
        assertEquals(0, rows(disabled.id).size());
    }

    // --- What each event says --------------------------------------------------------------------

    @Test
    void anIncidentTitleCannotInjectMarkupOrMentions() throws Exception {
        SlackStandIn.Hook hook = slack.hook();
        destination(hook, EventKey.INCIDENT_DECLARED);
        String title = "Checkout <script>alert(1)</script> & <!channel> " + Incidents.shortId();

        Incidents.draftJson().title(title).summary("Summary with <b>bold</b> & <@U123>").create();

        String body = hook.awaitCount(1, WAIT).get(0).body();
        JsonNode json = JSON.readTree(body);
        assertFalse(body.contains("<script>"), body);
        assertFalse(body.contains("<!channel>"), body);
        assertFalse(body.contains("<@U123>"), body);
        assertTrue(json.path("blocks").get(0).path("text").path("text").asText()
                .contains("Checkout &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;"));
        assertTrue(json.path("text").asText().contains("&lt;script&gt;"));
        assertTrue(body.contains("Summary with &lt;b&gt;bold&lt;/b&gt; &amp; &lt;@U123&gt;"), body);
    }

    @Test
    void longTextIsCutToSlackLimitsInsteadOfFailing() throws Exception {
        SlackStandIn.Hook hook = slack.hook();
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        String title = ("Very long title " + Incidents.shortId() + " ").repeat(10).substring(0, 199);

        Incidents.draftJson().title(title).summary("word ".repeat(3000)).customerImpact("impact ".repeat(2000)).create();

        JsonNode json = JSON.readTree(hook.awaitCount(1, WAIT).get(0).body());
        String header = json.path("blocks").get(0).path("text").path("text").asText();
        assertTrue(header.length() <= 150 && header.endsWith("…"), header);
        for (JsonNode block : json.path("blocks")) {
            String text = block.path("text").path("text").asText();
            assertTrue(text.length() <= 3000, "block of " + text.length());
        }
        assertTrue(json.path("blocks").size() <= 50);
        awaitDelivered(destination.id);
    }

    @Test
    void severityAndStatusChangesGoToTheirSubscribers() throws Exception {
        SlackDestination severity = destination(slack.hook(), EventKey.SEVERITY_CHANGED);
        SlackDestination status = destination(slack.hook(), EventKey.STATUS_CHANGED);
        Incidents.IncidentJson draft = Incidents.draftJson();
        long id = draft.create();

        PortalClient.api().body(draft.body()).put(Incidents.API + "/" + id).then().statusCode(200);
        assertEquals(0, rows(severity.id).size() + rows(status.id).size(), "nothing changed, nothing to say");

        PortalClient.api().body(draft.severity("SEV1").status("MITIGATED").body()).put(Incidents.API + "/" + id).then().statusCode(200);

        JsonNode severityMessage = JSON.readTree(onlyRow(severity.id).payload);
        JsonNode statusMessage = JSON.readTree(onlyRow(status.id).payload);
        assertEquals("Severity SEV2 → SEV1: " + draft.title(), severityMessage.path("blocks").get(0).path("text").path("text").asText());
        assertEquals("Investigating → Mitigated: " + draft.title(), statusMessage.path("blocks").get(0).path("text").path("text").asText());
        assertTrue(statusMessage.toString().contains("*Status*\\nMitigated"));
    }

    @Test
    void anAssignedActionItemNamesItsOwnerAndDueDate() throws Exception {
        SlackDestination destination = destination(slack.hook(), EventKey.ACTION_ITEM_ASSIGNED);
        long incidentId = Incidents.draftJson().create();
        TestAccounts.Account owner = TestAccounts.of(Role.EDITOR);

        actionItems.create(incidentId, new ActionItemDraft("Alert on lock waits", owner.id(), LocalDate.of(2031, 3, 14),
                ActionItem.Priority.P2, ActionItem.Kind.DETECT, null));
        actionItems.create(incidentId, new ActionItemDraft("Nobody's yet", null, null, ActionItem.Priority.P3, ActionItem.Kind.PREVENT, null));

        JsonNode json = JSON.readTree(onlyRow(destination.id).payload);
        assertTrue(json.path("text").asText().startsWith("Action item assigned to Editor editor: Alert on lock waits"), json.toString());
        assertTrue(json.toString().contains("*Due*\\n2031-03-14"), json.toString());
        assertTrue(json.toString().contains("https://hindsight.test.example/incidents/" + incidentId + "/action-items"));
    }

    @Test
    void reviewAndPublishingAnnounceThePostmortemWithItsTopLessons() throws Exception {
        SlackDestination destination = destination(slack.hook(), EventKey.POSTMORTEM_IN_REVIEW, EventKey.POSTMORTEM_PUBLISHED);
        // Resolved: an incident goes to review only once it says when it was resolved.
        long incidentId = Incidents.draftJson().status("RESOLVED").title("Checkout slow after deploy " + Incidents.shortId()).create();
        String review = "/incidents/" + incidentId + "/postmortem/review";
        Map<String, Object> sections = new java.util.LinkedHashMap<>(Postmortems.writtenSectionsJson("general"));
        sections.put("learn", """
                ### What went well
                - The rollback took two minutes

                ### Lessons
                - Lock waits deserve an alert of their own
                - **Dashboards** should not share the database they watch
                - A rollback rehearsal pays for itself
                - Deploys on Friday need a second pair of eyes
                """);
        Postmortems.put(incidentId, sections).then().statusCode(200);
        PortalClient editor = PortalClient.browser();
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, editor.open("/incidents/" + incidentId + "/action-items").submit("/incidents/" + incidentId + "/action-items",
                Map.of("title", "Alert on lock waits", "priority", "P2", "kind", "DETECT")).statusCode());

        assertEquals(303, editor.open(review).submit(review + "/send", Map.of("reviewers", String.valueOf(reviewer.id()))).statusCode());
        PortalClient asReviewer = PortalClient.anonymous().signIn(reviewer);
        assertEquals(303, asReviewer.open(review).submit(review + "/decision", Map.of("decision", "APPROVED")).statusCode());
        assertEquals(303, editor.open(review).submit(review + "/publish", Map.of()).statusCode(), () -> editor.get(review).asString());

        List<OutboxMessage> messages = rows(destination.id);
        assertEquals(List.of("postmortem-in-review", "postmortem-published"), messages.stream().map(m -> m.eventKey).toList());
        JsonNode inReview = JSON.readTree(messages.get(0).payload);
        assertTrue(inReview.path("blocks").get(0).path("text").path("text").asText().startsWith("Postmortem ready for review: Checkout slow"));
        assertTrue(inReview.toString().contains(reviewerName(reviewer)), inReview.toString());
        assertTrue(inReview.toString().contains(review), "links to the review page");

        JsonNode published = JSON.readTree(messages.get(1).payload);
        String all = published.toString();
        assertTrue(published.path("blocks").get(0).path("text").path("text").asText().startsWith("Postmortem published: Checkout slow"));
        assertTrue(all.contains("Tell the payments team in the Friday demo."), "the Share section: " + all);
        assertTrue(all.contains("*Top lessons*\\n• Lock waits deserve an alert of their own\\n• Dashboards should not share the database they watch"
                + "\\n• A rollback rehearsal pays for itself\\n…and 1 more"), all);
        assertFalse(all.contains("The rollback took two minutes"), "only the Lessons subsection");
        assertTrue(all.contains("https://hindsight.test.example/incidents/" + incidentId + "/postmortem\""), all);
    }

    @Test
    void theDailyDigestListsOverdueItemsAndReverificationsWithACap() throws Exception {
        SlackDestination destination = destination(slack.hook(), EventKey.DAILY_DIGEST);
        long incidentId = Incidents.draftJson().create();
        for (int i = 1; i <= 12; i++) {
            // Due long ago, so these come first in the digest whatever other tests left behind.
            actionItems.create(incidentId, new ActionItemDraft("Overdue fix " + i, null, LocalDate.of(1999, 1, i),
                    ActionItem.Priority.P1, ActionItem.Kind.PREVENT, null));
        }

        DailyDigest.Due due = digest.announce();

        long overdue = due.actionItems().stream().filter(a -> a.overdueOn(due.day())).count();
        assertTrue(overdue >= 12);
        JsonNode json = JSON.readTree(onlyRow(destination.id).payload);
        String overdueSection = null;
        for (JsonNode block : json.path("blocks")) {
            String text = block.path("text").path("text").asText();
            if (text.startsWith("*Overdue action items*")) {
                overdueSection = text;
            }
        }
        assertTrue(overdueSection != null, json.toString());
        assertEquals(10, overdueSection.lines().filter(l -> l.startsWith("• ")).count());
        assertTrue(overdueSection.contains("|Overdue fix 1> — no owner, due 1999-01-01"), overdueSection);
        assertTrue(overdueSection.endsWith("…and " + (overdue - 10) + " more"), overdueSection);
        assertTrue(json.toString().contains("*Overdue*\\n" + overdue));
    }

    @Test
    void anEmptyDigestSaysAllClear() throws Exception {
        SlackDestination destination = destination(slack.hook(), EventKey.DAILY_DIGEST);
        NotificationMessages messages = io.quarkus.arc.Arc.container().instance(NotificationMessages.class).get();

        String json = messages.dailyDigest(new DailyDigest.Due(LocalDate.of(2030, 1, 1), List.of(), List.of())).toJson();

        assertTrue(json.contains("Daily digest 2030-01-01: all clear"), json);
        assertEquals(0, rows(destination.id).size());
    }

    private static String reviewerName(TestAccounts.Account account) {
        return QuarkusTransaction.requiringNew().call(() -> io.hindsight.account.User.<io.hindsight.account.User>findById(account.id()).name);
    }

    private static IncidentDraft draft(String title) {
        Instant started = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        return new IncidentDraft(title, "", Severity.SEV3, IncidentStatus.INVESTIGATING, started, null, null, null, "",
                List.of(), List.of(Incidents.uniqueTag()));
    }

    private static void awaitDelivered(long destinationId) {
        Notifications.awaitStatus(onlyRow(destinationId).id, OutboxMessage.Status.DELIVERED, WAIT);
    }
}
