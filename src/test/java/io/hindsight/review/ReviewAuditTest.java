package io.hindsight.review;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.audit.AuditEvent;
import io.hindsight.audit.AuditSubject;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Review decisions and publishing land in the audit log, naming who decided, in the order they happened. */
@QuarkusTest
class ReviewAuditTest {

    @Test
    void decisionsAndThePublicationAreRecorded() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.EDITOR);
        assertEquals(303, Reviews.send(incidentId, reviewer).statusCode());

        assertEquals(303, Reviews.decide(reviewer, incidentId, "CHANGES_REQUESTED").statusCode());
        assertEquals(303, Reviews.decide(reviewer, incidentId, "CHANGES_REQUESTED").statusCode());
        assertEquals(303, Reviews.decide(reviewer, incidentId, "APPROVED").statusCode());
        String review = Reviews.page(incidentId);
        PortalClient editor = PortalClient.browser();
        Response published = editor.open(review).submit(review + "/publish", Map.of());
        assertEquals(303, published.statusCode(), () -> editor.get(review).asString());

        List<AuditEvent> events = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                "subject = ?1 ORDER BY id", AuditSubject.incident(incidentId)));
        assertEquals(List.of("review.changes-requested", "review.approved", "postmortem.published"),
                events.stream().map(e -> e.action).toList(), "asking twice is one decision");
        long editorId = TestAccounts.of(Role.EDITOR).id();
        assertEquals(List.of(reviewer.id(), reviewer.id(), editorId), events.stream().map(e -> e.actorId).toList());
    }

    @Test
    void aPublishThatIsRefusedRecordsNothing() {
        long incidentId = Reviews.readyForReview();
        TestAccounts.Account reviewer = TestAccounts.fresh(Role.EDITOR);
        assertEquals(303, Reviews.send(incidentId, reviewer).statusCode());
        String review = Reviews.page(incidentId);

        assertEquals(409, PortalClient.browser().open(review).submit(review + "/publish", Map.of()).statusCode(), "not approved yet");

        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> AuditEvent.count(
                "subject = ?1 AND action = 'postmortem.published'", AuditSubject.incident(incidentId))));
        assertEquals("IN_REVIEW", Incidents.read(incidentId).path("status"));
    }
}
