package io.hindsight.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.notify.OutboxMessage;
import io.hindsight.notify.SlackDestination;
import io.hindsight.notify.SlackStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a reviewer asks for changes, the writers are told where they work (their dashboard, the
 * postmortem page, a notice, chat), and "Ready for another look" sends it back to the same reviewers.
 */
@QuarkusTest
class ChangesRequestedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NOTICES = Pattern.compile("href=\"/notices\"[^>]*>Notices \\((\\d+)\\)</a>");

    @Inject
    TestClock clock;

    private SlackDestination destination;

    @BeforeEach
    void chat() {
        Notifications.disableEveryDestination();
        destination = Notifications.destination(SlackStandIn.shared(clock).hook(), EventKey.POSTMORTEM_CHANGES_REQUESTED,
                EventKey.POSTMORTEM_IN_REVIEW);
        Notifications.hold(destination.id);
    }

    @AfterEach
    void quiet() {
        Notifications.disableEveryDestination();
    }

    @Test
    void theWriterIsToldOnTheDashboardThePostmortemPageInANoticeAndInChat() throws Exception {
        long incidentId = Reviews.readyForReview();
        String title = Incidents.read(incidentId).path("title");
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.VIEWER);
        String who = Reviews.name(reviewer);
        assertEquals(303, Reviews.send(incidentId, reviewer).statusCode());
        PortalClient writer = PortalClient.browser();
        long unreadBefore = unread(writer.get("/").asString());

        Reviews.comment(reviewer, incidentId, "IMPACT", "Say how many orders were retried.");
        Reviews.comment(reviewer, incidentId, "FIX", "Who owns the alert?");
        assertEquals(303, Reviews.decide(reviewer, incidentId, "CHANGES_REQUESTED").statusCode());

        // The dashboard card.
        String dashboard = writer.get("/").asString();
        String card = dashboard.substring(dashboard.indexOf("Changes requested on your postmortems"));
        card = card.substring(0, card.indexOf("</section>"));
        assertTrue(card.contains("<a href=\"/incidents/" + incidentId + "/postmortem/review\">" + title + "</a>"), card);
        assertTrue(card.contains(who + " asked for changes · 2 comments"), card);
        assertFalse(PortalClient.browserAs(Role.ADMIN).get("/").asString().contains(title + "</a><br>\n        <span class=\"muted small\">"
                + who), "only the people who wrote it see the card");

        // The postmortem page.
        String postmortem = writer.get("/incidents/" + incidentId + "/postmortem").asString();
        assertTrue(postmortem.contains("<a href=\"/incidents/" + incidentId + "/postmortem/review\">Changes requested by " + who
                + ": 2 comments</a>"), postmortem);
        assertTrue(postmortem.contains("Ready for another look"), "the writer can send it back from here");

        // The notice, and the count in the header.
        assertEquals(unreadBefore + 1, unread(dashboard));
        String notices = writer.get("/notices").asString();
        assertTrue(notices.contains(who + " asked for changes on the postmortem of “" + title + "”: 2 comments."), notices);
        assertTrue(notices.contains("href=\"/incidents/" + incidentId + "/postmortem/review\""));

        // Chat.
        List<OutboxMessage> rows = Notifications.rows(destination.id);
        assertEquals(List.of("postmortem-in-review", "postmortem-changes-requested"), rows.stream().map(r -> r.eventKey).toList());
        JsonNode message = JSON.readTree(rows.get(1).payload);
        assertTrue(message.path("blocks").get(0).path("text").path("text").asText().startsWith("Changes requested: " + title),
                message.toString());
        assertTrue(message.toString().contains(who), message.toString());
        assertTrue(message.toString().contains("/incidents/" + incidentId + "/postmortem/review"));
    }

    @Test
    void readyForAnotherLookSendsItBackToTheReviewersWhoAskedForChanges() throws Exception {
        long incidentId = Reviews.readyForReview();
        String title = Incidents.read(incidentId).path("title");
        TestAccounts.Account asking = TestAccounts.fresh(Role.VIEWER);
        TestAccounts.Account approving = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, Reviews.send(incidentId, asking, approving).statusCode());
        assertEquals(303, Reviews.decide(approving, incidentId, "APPROVED").statusCode());
        assertEquals(303, Reviews.decide(asking, incidentId, "CHANGES_REQUESTED").statusCode());
        String review = Reviews.page(incidentId);

        // Only the people who wrote it can send it back.
        Response notAWriter = PortalClient.browserAs(Role.ADMIN).open(review).submit(review + "/ready", Map.of());
        assertEquals(400, notAWriter.statusCode());
        assertTrue(notAWriter.asString().contains("Only the people who wrote this postmortem can send it back"));

        PortalClient writer = PortalClient.browser();
        assertTrue(writer.get(review).asString().contains("Ready for another look"));
        Response ready = writer.open(review).submit(review + "/ready", Map.of());
        assertEquals(303, ready.statusCode(), ready::asString);

        String page = writer.get(review).asString();
        String reviewers = page.substring(page.indexOf("id=\"reviewing\""));
        assertTrue(reviewers.contains(Reviews.name(asking) + " — <span class=\"badge status status-pending\">Not yet reviewed</span>"),
                reviewers);
        assertTrue(reviewers.contains(Reviews.name(approving) + " — <span class=\"badge status status-approved\">Approved</span>"));
        assertFalse(page.contains("<button type=\"submit\" class=\"button primary\">Ready for another look</button>"),
                "nobody waits for changes any more");
        assertFalse(writer.get("/").asString().contains("/incidents/" + incidentId + "/postmortem/review\">" + title),
                "the dashboard card is gone");

        String notices = Reviews.signedIn(asking).get("/notices").asString();
        assertTrue(notices.contains("the postmortem of “" + title + "” is ready for another look."), notices);
        assertTrue(NOTICES.matcher(notices).find() && unread(notices) == 1, "one unread notice for the reviewer");
        assertFalse(Reviews.signedIn(approving).get("/notices").asString().contains(title), "the approving reviewer is not asked again");

        List<OutboxMessage> rows = Notifications.rows(destination.id);
        assertEquals(List.of("postmortem-in-review", "postmortem-changes-requested", "postmortem-in-review"),
                rows.stream().map(r -> r.eventKey).toList());
        assertTrue(JSON.readTree(rows.get(2).payload).path("blocks").get(0).path("text").path("text").asText()
                .startsWith("Postmortem ready for another look: " + title));

        // The reviewer approves now, and it can be published.
        assertEquals(303, Reviews.decide(asking, incidentId, "APPROVED").statusCode());
        assertEquals(303, writer.open(review).submit(review + "/publish", Map.of()).statusCode());
        assertEquals("PUBLISHED", Incidents.read(incidentId).path("status"));
    }

    private static long unread(String page) {
        Matcher count = NOTICES.matcher(page);
        assertTrue(count.find(), "the header shows the notices with their count");
        return Long.parseLong(count.group(1));
    }
}
