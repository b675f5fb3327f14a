package io.hindsight.review;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * From draft to the Lessons library: publishing is blocked until every section is written or marked
 * not applicable, an action item exists (or a reason why not), every blameless finding is reworded
 * or acknowledged, and every reviewer asked approved. The incident here is resolved already; sending
 * an unresolved one for review is in {@link ReviewGateTest}.
 */
@QuarkusTest
class ReviewAndPublishTest {

    private long incidentId;
    private String tag;
    private String review;

    @BeforeEach
    void aWrittenPostmortem() {
        Incidents.IncidentJson draft = Incidents.draftJson().status("RESOLVED");
        incidentId = draft.create();
        tag = draft.tag();
        review = "/incidents/" + incidentId + "/postmortem/review";
        Postmortems.put(incidentId, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
    }

    @Test
    void aDraftListsWhatPublishingNeedsAndCannotBePublished() {
        PortalClient editor = PortalClient.browser();
        String page = editor.get(review).then().statusCode(200).extract().asString();
        assertTrue(page.contains("Send it for review first."), page);
        assertTrue(page.contains("Add an action item, or say why none is needed."));
        assertTrue(page.contains("Wait for a reviewer to approve."));

        Response refused = editor.open(review).submit(review + "/publish", Map.of());
        assertEquals(409, refused.statusCode());
        assertTrue(Postmortems.read(incidentId).path("template").equals("general"));
        assertFalse(lessons().contains(tag), "nothing reaches the library");
    }

    @Test
    void aBlamingPhraseIsFlaggedAndMustBeRewordedOrAcknowledged() {
        Map<String, Object> sections = new LinkedHashMap<>(Postmortems.writtenSectionsJson(null));
        sections.put("learn", "The outage was caused by human error when the engineer forgot to run the migration.");
        Postmortems.put(incidentId, sections).then().statusCode(200);

        PortalClient editor = PortalClient.browser();
        String page = editor.get(review).asString();
        assertTrue(page.contains("<mark>human error</mark>"), "the phrase is highlighted in its sentence");
        assertTrue(page.contains("blameless finding"), "publishing waits for the findings");

        // Acknowledging needs a reason, which is kept.
        Response noReason = editor.open(review).submit(review + "/acknowledge",
                Map.of("section", "LEARN", "rule", ruleOf(page, "human error"), "phrase", "human error", "reason", ""));
        assertEquals(400, noReason.statusCode());

        Response ack = editor.open(review).submit(review + "/acknowledge", Map.of("section", "LEARN",
                "rule", ruleOf(page, "human error"), "phrase", "human error", "reason", "Quoted from the customer's report."));
        assertEquals(303, ack.statusCode());
        assertTrue(editor.get(review).asString().contains("Kept on purpose: Quoted from the customer&#39;s report."));
    }

    @Test
    void aReviewedCompletePostmortemIsPublishedToTheLessonsLibrary() {
        PortalClient editor = PortalClient.browser();
        TestAccounts.Account reviewerAccount = TestAccounts.fresh(Role.VIEWER);

        // An action item, and a reviewer.
        assertEquals(303, editor.open("/incidents/" + incidentId + "/action-items").submit(
                "/incidents/" + incidentId + "/action-items",
                Map.of("title", "Alert on lock waits", "priority", "P2", "kind", "DETECT")).statusCode());
        assertEquals(303, editor.open(review).submit(review + "/send",
                Map.of("reviewers", String.valueOf(reviewerAccount.id()))).statusCode());
        assertEquals("IN_REVIEW", Incidents.read(incidentId).path("status"));

        // The reviewer asks for changes: still blocked.
        PortalClient reviewer = PortalClient.anonymous().signIn(reviewerAccount);
        assertEquals(303, reviewer.open(review).submit(review + "/decision", Map.of("decision", "CHANGES_REQUESTED")).statusCode());
        assertTrue(editor.get(review).asString().contains(reviewerName(reviewerAccount) + " asked for changes"));

        // Comments go with a section; the reviewer then approves.
        assertEquals(303, reviewer.open(review).submit(review + "/comments",
                Map.of("section", "IMPACT", "body", "Say how many orders were retried.")).statusCode());
        assertTrue(editor.get(review).asString().contains("Say how many orders were retried."));
        assertEquals(303, reviewer.open(review).submit(review + "/decision", Map.of("decision", "APPROVED")).statusCode());

        Response published = editor.open(review).submit(review + "/publish", Map.of());
        assertEquals(303, published.statusCode(), () -> editor.get(review).asString());
        assertEquals("PUBLISHED", Incidents.read(incidentId).path("status"));

        String library = lessons();
        assertTrue(library.contains(tag), "the lesson is in the library, filterable by its tag");
        assertTrue(PortalClient.browser().get("/lessons?tag=" + tag).asString().contains("/incidents/" + incidentId + "/postmortem"));
    }

    @Test
    void aSectionMarkedNotApplicableNeedsAReason() {
        PortalClient editor = PortalClient.browser();
        Response refused = editor.open(review).submit(review + "/not-applicable", Map.of("section", "LAUGH", "reason", " "));
        assertEquals(400, refused.statusCode());
        Response ok = editor.open(review).submit(review + "/not-applicable",
                Map.of("section", "LAUGH", "reason", "Nothing about this one was funny."));
        assertEquals(303, ok.statusCode());
        assertTrue(editor.get(review).asString().contains("Marked not applicable: Nothing about this one was funny."));
    }

    @Test
    void viewersCannotPublishOrSendForReview() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        assertEquals(403, viewer.open(review).submit(review + "/publish", Map.of()).statusCode());
        assertEquals(403, viewer.open(review).submit(review + "/send",
                Map.of("reviewers", String.valueOf(TestAccounts.of(Role.EDITOR).id()))).statusCode());
    }

    @Test
    void onlyTheReviewersAskedCanDecide() {
        PortalClient editor = PortalClient.browser();
        editor.open(review).submit(review + "/send", Map.of("reviewers", String.valueOf(TestAccounts.of(Role.ADMIN).id())));
        Response notAsked = editor.open(review).submit(review + "/decision", Map.of("decision", "APPROVED"));
        assertEquals(400, notAsked.statusCode());
        assertTrue(notAsked.asString().contains("Only the reviewers of this postmortem can decide."));
    }

    private static String reviewerName(TestAccounts.Account account) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> io.hindsight.account.User.<io.hindsight.account.User>findById(account.id()).name);
    }

    private static String lessons() {
        return PortalClient.browserAs(Role.VIEWER).get("/lessons").asString();
    }

    /** The rule id the review page names for a flagged phrase (from its hidden acknowledge form). */
    private static String ruleOf(String page, String phrase) {
        int at = page.indexOf("name=\"phrase\" value=\"" + phrase + "\"");
        int rule = page.lastIndexOf("name=\"rule\" value=\"", at);
        int start = rule + "name=\"rule\" value=\"".length();
        return page.substring(start, page.indexOf('"', start));
    }
}
