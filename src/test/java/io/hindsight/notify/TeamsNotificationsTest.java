package io.hindsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItemDraft;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.WebhookStandIn.Answer;
import io.hindsight.postmortem.Postmortems;
import io.hindsight.remediation.DailyDigest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.hindsight.notify.Notifications.awaitAttempts;
import static io.hindsight.notify.Notifications.awaitStatus;
import static io.hindsight.notify.Notifications.destination;
import static io.hindsight.notify.Notifications.onlyRow;
import static io.hindsight.notify.Notifications.row;
import static io.hindsight.notify.Notifications.rows;
import static io.hindsight.notify.Notifications.teamsDestination;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Microsoft Teams destinations end to end: every event Slack gets reaches a Teams Workflows webhook
 * (the stand-in) as a valid Adaptive Card through the same outbox; Teams' answers are read in its
 * terms (202 delivered, 429 waits, 5xx retries, 4xx fails with the reason); hostile text arrives as
 * text; and the admin pages add, show and test a Teams destination.
 */
@QuarkusTest
class TeamsNotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PAGE = "/admin/integrations";

    @Inject
    TestClock clock;

    @Inject
    ActionItemService actionItems;

    @Inject
    DailyDigest digest;

    @Inject
    OutboxRelay relay;

    SlackStandIn slack;
    TeamsStandIn teams;

    @BeforeEach
    void standIns() {
        Notifications.disableEveryDestination();
        slack = SlackStandIn.shared(clock);
        teams = TeamsStandIn.shared(clock);
    }

    @AfterEach
    void cleanUp() {
        Notifications.disableEveryDestination();
        clock.reset();
    }

    @Test
    void teamsReceivesEveryEventSlackReceivesAsAValidCard() throws Exception {
        EventKey[] everything = EventKey.values();
        SlackDestination toSlack = destination(slack.hook(), everything);
        TeamsStandIn.Hook hook = teams.hook();
        SlackDestination toTeams = teamsDestination(hook, everything);

        // Declared, then severity and status changed.
        Incidents.IncidentJson draft = Incidents.draftJson().title("Checkout slow " + Incidents.shortId());
        long incidentId = draft.create();
        PortalClient.api().body(draft.severity("SEV1").status("MITIGATED").body()).put(Incidents.API + "/" + incidentId).then().statusCode(200);
        // An action item assigned.
        actionItems.create(incidentId, new ActionItemDraft("Alert on lock waits", TestAccounts.of(Role.EDITOR).id(),
                LocalDate.of(2031, 3, 14), ActionItem.Priority.P2, ActionItem.Kind.DETECT, null));
        // A postmortem sent for review, changes requested, approved and published.
        long reviewed = Incidents.draftJson().status("RESOLVED").title("Lock waits " + Incidents.shortId()).create();
        String review = "/incidents/" + reviewed + "/postmortem/review";
        Postmortems.put(reviewed, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        PortalClient editor = PortalClient.browser();
        assertEquals(303, editor.open("/incidents/" + reviewed + "/action-items").submit("/incidents/" + reviewed + "/action-items",
                Map.of("title", "Alert on lock waits", "priority", "P2", "kind", "DETECT")).statusCode());
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, editor.open(review).submit(review + "/send", Map.of("reviewers", String.valueOf(reviewer.id()))).statusCode());
        PortalClient asReviewer = PortalClient.anonymous().signIn(reviewer);
        assertEquals(303, asReviewer.open(review).submit(review + "/decision", Map.of("decision", "CHANGES_REQUESTED")).statusCode());
        assertEquals(303, asReviewer.open(review).submit(review + "/decision", Map.of("decision", "APPROVED")).statusCode());
        assertEquals(303, editor.open(review).submit(review + "/publish", Map.of()).statusCode(), () -> editor.get(review).asString());
        // The daily digest.
        digest.announce();

        List<String> slackEvents = rows(toSlack.id).stream().map(m -> m.eventKey).toList();
        List<OutboxMessage> teamsRows = rows(toTeams.id);
        assertEquals(slackEvents, teamsRows.stream().map(m -> m.eventKey).toList(), "the same events, in the same order");
        for (EventKey key : List.of(EventKey.INCIDENT_DECLARED, EventKey.SEVERITY_CHANGED, EventKey.STATUS_CHANGED,
                EventKey.ACTION_ITEM_ASSIGNED, EventKey.POSTMORTEM_IN_REVIEW, EventKey.POSTMORTEM_CHANGES_REQUESTED,
                EventKey.POSTMORTEM_PUBLISHED, EventKey.DAILY_DIGEST)) {
            assertTrue(slackEvents.contains(key.key()), key + " in " + slackEvents);
        }
        for (OutboxMessage message : teamsRows) {
            awaitStatus(message.id, OutboxMessage.Status.DELIVERED, WAIT);
        }
        assertEquals(List.of(), hook.problems(), "every card had what Teams requires");
        assertEquals(teamsRows.size(), hook.received().size(), "each delivered once");

        JsonNode declared = card(teamsRows.get(0).payload);
        assertAll(
                () -> assertEquals("SEV2 incident declared: " + draft.title(), declared.path("body").get(0).path("text").asText()),
                () -> assertEquals("FactSet", declared.path("body").get(1).path("type").asText()),
                () -> assertTrue(declared.path("body").get(1).toString().contains("{\"title\":\"Severity\",\"value\":\"SEV2 · Major\"}"),
                        declared.toString()),
                () -> assertEquals("https://hindsight.test.example/incidents/" + incidentId,
                        declared.path("actions").get(0).path("url").asText()));
        String severity = card(teamsRows.get(slackEvents.indexOf("severity-changed")).payload).path("body").get(0).path("text").asText();
        assertEquals("Severity SEV2 → SEV1: " + draft.title(), severity);
        String changes = card(teamsRows.get(slackEvents.indexOf("postmortem-changes-requested")).payload).toString();
        assertTrue(changes.contains("Changes requested: Lock waits"), changes);
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedThenAcceptedOnce() {
        TeamsStandIn.Hook hook = teams.hook().answer(TeamsStandIn.tooManyRequests(2), Answer.status(502, "Bad Gateway"));
        SlackDestination destination = teamsDestination(hook, EventKey.INCIDENT_DECLARED);
        Incidents.draftJson().create();
        long id = onlyRow(destination.id).id;

        OutboxMessage limited = awaitAttempts(id, 1, WAIT);
        assertEquals(OutboxMessage.Status.PENDING, limited.status);
        assertTrue(limited.lastError.contains("HTTP 429"), limited.lastError);
        Duration wait = Duration.between(limited.lastAttemptAt, limited.nextAttemptAt);
        assertTrue(wait.compareTo(Duration.ofSeconds(2)) >= 0, "waits for Retry-After: " + wait);

        clock.advance(Duration.ofSeconds(2));
        OutboxMessage failedOnce = awaitAttempts(id, 2, WAIT);
        assertEquals(OutboxMessage.Status.PENDING, failedOnce.status, "a 502 is retried");
        assertTrue(failedOnce.lastError.startsWith("HTTP 502"), failedOnce.lastError);

        clock.advance(Duration.ofMinutes(1));
        OutboxMessage delivered = awaitStatus(id, OutboxMessage.Status.DELIVERED, WAIT);
        assertEquals(3, delivered.attempts);
        assertEquals(3, hook.received().size());
        assertEquals(List.of(), hook.problems());
    }

    @Test
    void refusalsFailAtOnceWithTheirReasonAndOldConnectorAnswersAreUnderstood() {
        Map<Answer, String> refusals = new LinkedHashMap<>();
        refusals.put(Answer.status(400, "{\"error\":{\"code\":\"InvalidRequestContent\"}}"), "HTTP 400: {\"error\":{\"code\":\"InvalidRequestContent\"}}");
        refusals.put(Answer.status(404, "WorkflowNotFound"), "HTTP 404: WorkflowNotFound");
        refusals.put(Answer.status(200, "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413"),
                "HTTP 200 with an error: Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413");
        for (Map.Entry<Answer, String> refusal : refusals.entrySet()) {
            TeamsStandIn.Hook hook = teams.hook().answer(refusal.getKey());
            SlackDestination destination = teamsDestination(hook, EventKey.INCIDENT_DECLARED);
            Incidents.draftJson().create();

            OutboxMessage failed = awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.FAILED, WAIT);
            clock.advance(Duration.ofHours(1));
            relay.relayOnce();
            relay.relayOnce();

            assertEquals(refusal.getValue(), failed.lastError);
            assertEquals(1, hook.received().size(), "not retried");
            assertEquals(1, row(failed.id).attempts);
            Notifications.disableEveryDestination();
            // Back to now, or the next request's token would have expired an hour ago.
            clock.reset();
        }

        TeamsStandIn.Hook legacy = teams.hook().answer(Answer.legacyOk());
        SlackDestination old = teamsDestination(legacy, EventKey.INCIDENT_DECLARED);
        Incidents.draftJson().create();
        assertEquals(1, awaitStatus(onlyRow(old.id).id, OutboxMessage.Status.DELIVERED, WAIT).attempts, "200 with body 1 is delivered");
    }

    @Test
    void hostileTextArrivesAsTextAndLongTextIsCut() throws Exception {
        TeamsStandIn.Hook hook = teams.hook();
        SlackDestination destination = teamsDestination(hook, EventKey.INCIDENT_DECLARED);
        String title = "[Reset your password](https://evil.example) <script>alert(1)</script> **now** 🔥 " + Incidents.shortId();
        Incidents.draftJson().title(title).summary("_Everything_ <b>broke</b> " + "word ".repeat(3000)).create();

        JsonNode card = card(hook.awaitCount(1, WAIT).get(0).body());
        awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.DELIVERED, WAIT);
        String header = card.path("body").get(0).path("text").asText();
        assertAll(
                () -> assertEquals("SEV2 incident declared: " + title, TeamsCardTest.unescape(header)),
                () -> assertFalse(header.contains("[Reset your password]("), header),
                () -> assertFalse(header.contains("<script>"), header),
                () -> assertFalse(header.contains("**now**"), header),
                () -> assertTrue(header.contains("🔥"), header));
        String summary = card.path("body").get(3).path("text").asText();
        assertTrue(summary.startsWith("\\_Everything\\_ \\<b\\>broke\\</b\\>"), summary);
        assertTrue(TeamsCardTest.unescape(summary).length() <= TeamsCard.MAX_TEXT && summary.endsWith("…"), "cut: " + summary.length());
        assertEquals(List.of(), hook.problems());
    }

    @Test
    void anAdminAddsATeamsDestinationSeesItMaskedAndSendsATestMessage() throws Exception {
        TeamsStandIn.Hook hook = teams.hook();
        String secret = hook.url().substring(hook.url().indexOf("sig=") + 4);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String name = "Incidents in Teams " + Incidents.shortId();

        Response added = admin.open(PAGE).submit(PAGE, Map.of("type", "TEAMS", "name", name, "webhookUrl", hook.url(),
                "events", List.of("incident-declared")));

        assertEquals(303, added.statusCode(), added::asString);
        String page = admin.follow(added).asString();
        SlackDestination saved = QuarkusTransaction.requiringNew().call(() -> SlackDestination.<SlackDestination>find("name", name).singleResult());
        String row = page.substring(page.indexOf("id=\"destination-" + saved.id + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertEquals(DestinationType.TEAMS, saved.type);
        assertTrue(row.contains("Microsoft Teams"), row);
        assertTrue(row.contains("/…/" + secret.substring(secret.length() - 4)), row);
        assertFalse(page.contains(secret), "the signature is never shown again");
        assertFalse(page.contains("/workflows/"), "nor the workflow's path");

        Response tested = admin.open(PAGE).submit(PAGE + "/" + saved.id + "/test", Map.of());
        assertEquals(303, tested.statusCode());
        JsonNode card = card(hook.awaitCount(1, WAIT).get(0).body());
        assertEquals("Hindsight is connected", card.path("body").get(0).path("text").asText());
        OutboxMessage delivered = awaitStatus(onlyRow(saved.id).id, OutboxMessage.Status.DELIVERED, WAIT);
        assertEquals(List.of(), hook.problems());

        String deliveries = admin.get("/admin/deliveries").asString();
        String deliveryRow = deliveries.substring(deliveries.indexOf("id=\"delivery-" + delivered.id + "\""));
        deliveryRow = deliveryRow.substring(0, deliveryRow.indexOf("</tr>"));
        assertTrue(deliveryRow.contains("Microsoft Teams") && deliveryRow.contains("Test message"), deliveryRow);
    }

    @Test
    void anUnknownTypeIsRefusedOnTheFormWithTheValuesKept() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String name = "#discord-" + Incidents.shortId();

        Response refused = admin.open(PAGE).submit(PAGE, Map.of("type", "DISCORD", "name", name,
                "webhookUrl", "https://discord.example/api/webhooks/1/abc", "events", List.of("incident-declared")));

        assertEquals(400, refused.statusCode());
        String html = refused.asString();
        assertTrue(Html.fieldError(html, "type").orElse("").contains("Microsoft Teams"), html);
        assertEquals(name, Html.inputValue(html, "name").orElse(""));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> SlackDestination.count("name", name)));
    }

    private static JsonNode card(String payload) throws Exception {
        JsonNode message = JSON.readTree(payload);
        assertEquals("message", message.path("type").asText());
        return message.path("attachments").get(0).path("content");
    }
}
