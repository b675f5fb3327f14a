package io.hindsight.review;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.audit.AuditEvent;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A published postmortem is never edited in place: an edit becomes an amendment that goes through the review of the
 * first publication, and until it is approved every reader — the postmortem page, the Lessons library, a share link,
 * the Atom feed and the Markdown export — keeps the published text.
 */
@QuarkusTest
class AmendmentTest {

    private static final Pattern SHARE_LINK = Pattern.compile("<code class=\"token-value\">https?://[^/]+(/share/[A-Za-z0-9_-]+)</code>");
    private static final Pattern PAT = Pattern.compile("<code class=\"token-value\">(hs_pat_[A-Za-z0-9_-]+)</code>");
    private static final String PUBLISHED_TEXT = "40 minutes";

    private long incidentId;
    private String tag;
    private String amendedText;
    private TestAccounts.Account firstReviewer;

    @BeforeEach
    void aPublishedPostmortem() {
        incidentId = Reviews.readyForReview();
        tag = Incidents.read(incidentId).jsonPath().getString("tags[0]");
        firstReviewer = TestAccounts.fresh(Role.EDITOR);
        assertEquals(303, Reviews.send(incidentId, firstReviewer).statusCode());
        assertEquals(303, Reviews.decide(firstReviewer, incidentId, "APPROVED").statusCode());
        String review = Reviews.page(incidentId);
        assertEquals(303, PortalClient.browser().open(review).submit(review + "/publish", Map.of()).statusCode());
        amendedText = "Checkout was slow for an hour after release " + Incidents.shortId() + ".";
    }

    @Test
    void readersKeepThePublishedTextUntilTheAmendmentIsApprovedThenSeeItAmended() {
        PortalClient editor = PortalClient.browser();
        String edit = "/incidents/" + incidentId + "/postmortem/edit";
        PortalClient.FormPage editor1 = editor.open(edit);
        assertTrue(editor1.html().contains("You are amending a published postmortem; readers keep the published text until the "
                + "amendment is approved"), editor1.html());
        Map<String, String> sections = new HashMap<>(Postmortems.writtenSections());
        sections.put("summary", amendedText);
        Response saved = editor1.submit(edit, sections);
        assertEquals(303, saved.statusCode(), saved.asString());
        assertTrue(editor.open(edit).html().contains(amendedText), "the editor reopens the amendment");

        String share = shareLink(editor);
        String token = feedToken(editor);
        assertReadersSee(PUBLISHED_TEXT, amendedText, share, token);
        assertTrue(editor.get("/incidents/" + incidentId + "/postmortem").asString().contains("Amendment draft"),
                "its editors see that an amendment waits");
        assertEquals(amendedText, Postmortems.read(incidentId).jsonPath().getString("amendment.summary"));

        // The same review as the first publication: the earlier reviewer is asked again and must approve.
        String review = Reviews.page(incidentId);
        assertEquals(303, Reviews.send(incidentId).statusCode());
        Response early = editor.open(review).submit(review + "/publish", Map.of());
        assertEquals(409, early.statusCode());
        assertReadersSee(PUBLISHED_TEXT, amendedText, share, token);

        assertEquals(303, Reviews.decide(firstReviewer, incidentId, "APPROVED").statusCode());
        Response approved = editor.open(review).submit(review + "/publish", Map.of());
        assertEquals(303, approved.statusCode(), () -> editor.get(review).asString());

        assertReadersSee(amendedText, PUBLISHED_TEXT, share, token);
        String page = PortalClient.browserAs(Role.VIEWER).get("/incidents/" + incidentId + "/postmortem").asString();
        Matcher amended = Pattern.compile("Amended on <time[^>]*>[^<]+</time>\\s*— <a href=\"(/incidents/" + incidentId
                + "/history/compare\\?from=\\d+&amp;to=\\d+)\">see what changed</a>").matcher(page);
        assertTrue(amended.find(), page);
        String diff = PortalClient.browserAs(Role.VIEWER).visit(amended.group(1).replace("&amp;", "&")).then().statusCode(200)
                .extract().asString();
        assertTrue(diff.contains("<dt>Summary</dt>"), diff);
        assertTrue(diff.contains("<del>") && diff.contains("<ins>"), diff);
        assertEquals("PUBLISHED", Incidents.read(incidentId).jsonPath().getString("status"));
        assertNull(Postmortems.read(incidentId).jsonPath().get("amendment"));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("action = ?1 AND subject = ?2",
                "postmortem.amendment-approved", "incident #" + incidentId)) == 1);
    }

    @Test
    void aContributorCannotApproveTheirOwnAmendment() {
        // The reviewer of the first publication amends it: now they wrote part of it.
        Reviews.editAs(firstReviewer, incidentId);
        Response nobodyElse = Reviews.send(incidentId);
        assertEquals(400, nobodyElse.statusCode());
        assertTrue(nobodyElse.asString().contains("Ask at least one person who did not write it"), nobodyElse.asString());

        TestAccounts.Account other = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, Reviews.send(incidentId, other).statusCode());
        Response refused = Reviews.decide(firstReviewer, incidentId, "APPROVED");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.asString().contains("You wrote part of this postmortem"), refused.asString());
        assertTrue(PortalClient.browser().get(Reviews.page(incidentId)).asString().contains("Cannot approve — edited it"));

        assertEquals(303, Reviews.decide(other, incidentId, "APPROVED").statusCode());
        String review = Reviews.page(incidentId);
        assertEquals(409, PortalClient.browser().open(review).submit(review + "/publish", Map.of()).statusCode(),
                "the approval that counts is missing: the amending reviewer's");
        assertEquals("- About 300 customers could not pay\n- No data was lost",
                Postmortems.read(incidentId).jsonPath().getString("impact"), "readers keep the published impact");
    }

    @Test
    void anAmendmentThroughTheApiCanBeDiscardedAndReadersNeverSeeIt() {
        Map<String, Object> body = new LinkedHashMap<>(Postmortems.writtenSectionsJson(null));
        body.put("summary", amendedText);
        var answer = Postmortems.put(incidentId, body).then().statusCode(200).extract().jsonPath();
        assertEquals("draft", answer.getString("amendment.status"));
        assertTrue(answer.getString("summary").contains(PUBLISHED_TEXT), "the answer keeps the published text");

        PortalClient.api().delete(Postmortems.api(incidentId) + "/amendment").then().statusCode(200);
        PortalClient.api().delete(Postmortems.api(incidentId) + "/amendment").then().statusCode(400)
                .contentType("application/problem+json");
        assertTrue(Postmortems.read(incidentId).jsonPath().getString("summary").contains(PUBLISHED_TEXT));
        String history = PortalClient.browser().get("/incidents/" + incidentId + "/history").asString();
        assertTrue(history.contains("Amendment drafted"), "the discarded text stays in the history");
    }

    /** What every kind of reader sees: {@code shown} and not {@code hidden}. */
    private void assertReadersSee(String shown, String hidden, String share, String feedToken) {
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("postmortem page", PortalClient.browserAs(Role.VIEWER).get("/incidents/" + incidentId + "/postmortem").asString());
        seen.put("Lessons library", PortalClient.browserAs(Role.VIEWER).get("/lessons?tag=" + tag).asString());
        seen.put("share link", RestAssured.given().get(share).then().statusCode(200).extract().asString());
        String feed = RestAssured.given().header("Authorization", "Bearer " + feedToken).get("/feed/lessons.atom")
                .then().statusCode(200).extract().asString();
        int entry = feed.indexOf("/incidents/" + incidentId + "/postmortem</id>");
        assertTrue(entry > 0, feed);
        seen.put("Atom feed", feed.substring(entry, feed.indexOf("</entry>", entry)));
        seen.put("Markdown export", PortalClient.browserAs(Role.VIEWER).request().get("/incidents/" + incidentId + "/export.md")
                .then().statusCode(200).extract().asString());
        seen.put("API", Postmortems.read(incidentId).jsonPath().getString("summary"));
        seen.forEach((reader, text) -> {
            assertTrue(text.contains(shown), () -> reader + " should show '" + shown + "': " + text);
            assertFalse(text.contains(hidden), () -> reader + " should not show '" + hidden + "'");
        });
    }

    private String shareLink(PortalClient editor) {
        String page = "/incidents/" + incidentId + "/postmortem/share";
        Response created = editor.open(page).submit(page, Map.of());
        Matcher link = SHARE_LINK.matcher(created.asString());
        assertTrue(link.find(), created.asString());
        return link.group(1);
    }

    private static String feedToken(PortalClient person) {
        String created = person.open("/account/tokens").submit("/account/tokens",
                Map.of("name", "feed reader", "scope", "READ", "days", "30")).asString();
        Matcher pat = PAT.matcher(created);
        assertTrue(pat.find(), created);
        return pat.group(1);
    }
}
