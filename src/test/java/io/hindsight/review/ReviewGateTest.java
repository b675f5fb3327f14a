package io.hindsight.review;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.audit.AuditEvent;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What "published" means: every reviewer asked approved, nobody approved their own writing, an
 * admin's override is written down, and an incident goes to review only once it says when it was
 * resolved.
 */
@QuarkusTest
class ReviewGateTest {

    @Test
    void theRuleIsStatedOnTheReviewPage() {
        long incidentId = Reviews.readyForReview();
        String page = PortalClient.browser().get(Reviews.page(incidentId)).asString();
        assertTrue(page.contains("Publishing needs the approval of every reviewer asked, and nobody who wrote part of the "
                + "postmortem can approve it."), page);
    }

    @Test
    void someoneWhoWroteThePostmortemCannotBeAskedToReviewIt() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account editor = TestAccounts.of(Role.EDITOR);

        Response refused = Reviews.send(incidentId, editor);

        assertEquals(400, refused.statusCode());
        assertTrue(refused.asString().contains(Reviews.name(editor) + " wrote part of this postmortem; ask someone who did not write it."),
                refused.asString());
        assertEquals("RESOLVED", Incidents.read(incidentId).path("status"), "nothing was sent");
        String offered = PortalClient.browser().get(Reviews.page(incidentId)).asString();
        assertFalse(offered.contains("<option value=\"" + editor.id() + "\">"), "the writers are not offered as reviewers");
    }

    @Test
    void aReviewerWhoEditedThePostmortemCannotApproveItAndAnEarlierApprovalStopsCounting() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.EDITOR);
        assertEquals(303, Reviews.send(incidentId, reviewer).statusCode());
        assertEquals(303, Reviews.decide(reviewer, incidentId, "APPROVED").statusCode());
        assertTrue(PortalClient.browser().get(Reviews.page(incidentId)).asString().contains("Everything is in place."));

        Reviews.editAs(reviewer, incidentId);

        String page = PortalClient.browser().get(Reviews.page(incidentId)).asString();
        assertTrue(page.contains("Cannot approve — edited it"), page);
        assertTrue(page.contains(Reviews.name(reviewer) + " has edited this postmortem, so their approval cannot count."), page);
        assertFalse(page.contains("Everything is in place."));
        Response approveAgain = Reviews.decide(reviewer, incidentId, "APPROVED");
        assertEquals(400, approveAgain.statusCode());
        assertTrue(approveAgain.asString().contains("You wrote part of this postmortem, so your approval cannot count"),
                approveAgain.asString());
        String review = Reviews.page(incidentId);
        assertEquals(409, PortalClient.browser().open(review).submit(review + "/publish", Map.of()).statusCode());
        assertEquals("IN_REVIEW", Incidents.read(incidentId).path("status"));
    }

    @Test
    void oneApprovalIsNotEnoughWhileAnotherReviewerIsPending() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account first = TestAccounts.fresh(Role.VIEWER);
        TestAccounts.Account second = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, Reviews.send(incidentId, first, second).statusCode());
        assertEquals(303, Reviews.decide(first, incidentId, "APPROVED").statusCode());

        String review = Reviews.page(incidentId);
        Response refused = PortalClient.browser().open(review).submit(review + "/publish", Map.of());

        assertEquals(409, refused.statusCode());
        assertTrue(refused.asString().contains("Wait for every reviewer to approve: " + Reviews.name(second) + " has not approved yet."),
                refused.asString());
        assertEquals("IN_REVIEW", Incidents.read(incidentId).path("status"));

        assertEquals(303, Reviews.decide(second, incidentId, "APPROVED").statusCode());
        assertEquals(303, PortalClient.browser().open(review).submit(review + "/publish", Map.of()).statusCode());
        assertEquals("PUBLISHED", Incidents.read(incidentId).path("status"));
    }

    @Test
    void aReviewerWhoCannotReviewIsRemovedWithAnAuditedReasonButNeverTheLastOneOrAnApprover() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account approving = TestAccounts.fresh(Role.VIEWER);
        TestAccounts.Account away = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, Reviews.send(incidentId, approving, away).statusCode());
        String review = Reviews.page(incidentId);
        PortalClient editor = PortalClient.browser();
        assertTrue(editor.get(review).asString().contains("Remove " + Reviews.name(away)));
        assertFalse(Reviews.signedIn(away).get(review).asString().contains("Remove from the reviewers"), "viewers are not offered it");

        // A reason is needed, and the viewer cannot remove anybody.
        Response noReason = editor.open(review).submit(review + "/reviewers/" + away.id() + "/remove", Map.of("reason", " "));
        assertEquals(400, noReason.statusCode());
        assertTrue(noReason.asString().contains("Say why " + Reviews.name(away) + " no longer reviews it"), noReason.asString());
        assertEquals(403, Reviews.signedIn(approving).open(review)
                .submit(review + "/reviewers/" + away.id() + "/remove", Map.of("reason", "Not me")).statusCode());

        assertEquals(303, Reviews.decide(approving, incidentId, "APPROVED").statusCode());
        Response approver = editor.open(review).submit(review + "/reviewers/" + approving.id() + "/remove", Map.of("reason", "Try"));
        assertEquals(400, approver.statusCode());
        assertTrue(approver.asString().contains("has approved it already"), approver.asString());

        String reason = "On parental leave until March " + Incidents.shortId();
        assertEquals(303, editor.open(review).submit(review + "/reviewers/" + away.id() + "/remove", Map.of("reason", reason)).statusCode());
        String after = editor.get(review).asString();
        assertFalse(after.contains("Remove " + Reviews.name(away)), after);
        AuditEvent event = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                "action = ?1 AND subject = ?2", "review.reviewer-removed", "incident:" + incidentId).singleResult());
        assertTrue(event.detail.contains(Reviews.name(away)) && event.detail.contains(reason), event.detail);

        // Everyone left approved: it can be published without an override.
        assertEquals(303, editor.open(review).submit(review + "/publish", Map.of()).statusCode());
        assertEquals("PUBLISHED", Incidents.read(incidentId).path("status"));
    }

    @Test
    void theOnlyReviewerOfAPostmortemInReviewStaysUntilSomeoneElseIsAsked() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account only = TestAccounts.fresh(Role.VIEWER);
        TestAccounts.Account next = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, Reviews.send(incidentId, only).statusCode());
        String review = Reviews.page(incidentId);
        PortalClient editor = PortalClient.browser();
        Response refused = editor.open(review).submit(review + "/reviewers/" + only.id() + "/remove", Map.of("reason", "Away"));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.asString().contains("is its only reviewer: ask someone else first"), refused.asString());

        assertEquals(303, Reviews.send(incidentId, next).statusCode());
        assertEquals(303, editor.open(review).submit(review + "/reviewers/" + only.id() + "/remove", Map.of("reason", "Away")).statusCode());
        assertEquals(303, Reviews.decide(next, incidentId, "APPROVED").statusCode());
        assertEquals(303, editor.open(review).submit(review + "/publish", Map.of()).statusCode());
    }

    @Test
    void anAdminPublishesOverAPendingReviewerOnlyWithAReasonThatIsAuditedAndShown() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account approving = TestAccounts.fresh(Role.VIEWER);
        TestAccounts.Account away = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, Reviews.send(incidentId, approving, away).statusCode());
        assertEquals(303, Reviews.decide(approving, incidentId, "APPROVED").statusCode());
        String review = Reviews.page(incidentId);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        assertTrue(admin.get(review).asString().contains("As an admin, publish before every reviewer approved"));
        assertFalse(PortalClient.browser().get(review).asString().contains("As an admin, publish"), "editors are not offered it");

        // An editor cannot override, with or without a reason.
        assertEquals(409, PortalClient.browser().open(review).submit(review + "/publish",
                Map.of("overrideReason", "The reviewer is on leave.")).statusCode());

        // An admin must say why; the form comes back with the message.
        Response noReason = admin.open(review).submit(review + "/publish", Map.of("overrideReason", "  "));
        assertEquals(400, noReason.statusCode());
        assertTrue(noReason.asString().contains("Say why it is published before every reviewer approved"), noReason.asString());
        assertEquals("IN_REVIEW", Incidents.read(incidentId).path("status"));

        String reason = "The second reviewer is on leave for a month; the team lead read it instead " + Incidents.shortId();
        Response published = admin.open(review).submit(review + "/publish", Map.of("overrideReason", reason));
        assertEquals(303, published.statusCode(), () -> admin.get(review).asString());
        assertEquals("PUBLISHED", Incidents.read(incidentId).path("status"));

        AuditEvent event = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find(
                "action = ?1 AND subject = ?2", "postmortem.publish-override", "incident:" + incidentId).singleResult());
        assertAll(
                () -> assertEquals(TestAccounts.of(Role.ADMIN).id(), event.actorId),
                () -> assertTrue(event.detail.contains(reason), event.detail),
                () -> assertTrue(event.detail.contains(Reviews.name(away)), event.detail));
        String postmortemPage = PortalClient.browserAs(Role.VIEWER).get("/incidents/" + incidentId + "/postmortem").asString();
        assertTrue(postmortemPage.contains("before every reviewer approved. Their reason: “" + reason + "”"), postmortemPage);
        assertTrue(admin.get(review).asString().contains("Their reason: “" + reason + "”"));
    }

    @Test
    void aRequestForChangesHoldsEvenAnAdminBack() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.VIEWER);
        assertEquals(303, Reviews.send(incidentId, reviewer).statusCode());
        assertEquals(303, Reviews.decide(reviewer, incidentId, "CHANGES_REQUESTED").statusCode());

        String review = Reviews.page(incidentId);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        Response refused = admin.open(review).submit(review + "/publish", Map.of("overrideReason", "We are in a hurry."));

        assertEquals(409, refused.statusCode());
        assertFalse(refused.asString().contains("As an admin, publish"), "no override is offered over a request for changes");
        assertEquals("IN_REVIEW", Incidents.read(incidentId).path("status"));
    }

    @Test
    void anUnresolvedIncidentGoesToReviewOnlyWithItsResolvedTime() {
        long incidentId = Incidents.draftJson().create();
        Postmortems.put(incidentId, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.VIEWER);
        String review = Reviews.page(incidentId);
        PortalClient editor = PortalClient.browser();
        assertTrue(editor.get(review).asString().contains("name=\"resolvedAt\""), "the send form asks when it was resolved");

        Response refused = editor.open(review).submit(review + "/send",
                Map.of("reviewers", String.valueOf(reviewer.id()), "resolvedAt", "", "zone", "UTC"));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.asString().contains("This incident is not resolved yet: say when it was resolved, or resolve it first."),
                refused.asString());
        assertEquals("INVESTIGATING", Incidents.read(incidentId).path("status"), "nothing changed");
        assertEquals((Object) null, Incidents.read(incidentId).path("resolved_at"), "no time was invented");

        // A time before the start is refused by the incident's own rules.
        Response beforeStart = editor.open(review).submit(review + "/send",
                Map.of("reviewers", String.valueOf(reviewer.id()), "resolvedAt", "2001-01-01T10:00", "zone", "UTC"));
        assertEquals(400, beforeStart.statusCode());
        assertTrue(beforeStart.asString().contains("Resolution cannot come before the start."), beforeStart.asString());
        assertTrue(beforeStart.asString().contains("value=\"2001-01-01T10:00\""), "the value is kept as typed");
        assertEquals("INVESTIGATING", Incidents.read(incidentId).path("status"));

        Instant resolved = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
        String typed = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm").withZone(ZoneOffset.ofHours(2)).format(resolved);
        Response sent = editor.open(review).submit(review + "/send",
                Map.of("reviewers", String.valueOf(reviewer.id()), "resolvedAt", typed, "zone", "+02:00"));

        assertEquals(303, sent.statusCode(), sent::asString);
        assertEquals("IN_REVIEW", Incidents.read(incidentId).path("status"));
        String resolvedAt = Incidents.read(incidentId).path("resolved_at");
        assertNotNull(resolvedAt);
        assertEquals(resolved, Instant.parse(resolvedAt), "typed in the viewer's zone");
        assertFalse(editor.get(review).asString().contains("name=\"resolvedAt\""));
    }

    @Test
    void theReviewPageShowsEachSectionsTextBesideItsComments() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.VIEWER);
        Reviews.send(incidentId, reviewer);
        Reviews.comment(reviewer, incidentId, "SUMMARY", "Which deploy was it?");

        String page = PortalClient.browserAs(Role.VIEWER).get(Reviews.page(incidentId)).asString();

        String summary = page.substring(page.indexOf("id=\"review-summary\""), page.indexOf("id=\"review-impact\""));
        assertTrue(summary.contains("Checkout was slow for <strong>40 minutes</strong> after a deploy."), summary);
        assertTrue(summary.contains("Which deploy was it?"), summary);
        String fix = page.substring(page.indexOf("id=\"review-fix\""));
        assertTrue(fix.contains("<table>"), "Markdown is rendered: " + fix);
        assertTrue(List.of(page.split("class=\"pm-review-text\"")).size() == 8, "one text block per section");
    }
}
