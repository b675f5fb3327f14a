package io.hindsight.incident;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents.IncidentJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.hindsight.incident.Incidents.draftJson;
import static io.hindsight.incident.Incidents.read;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Changing an incident's status or severity from its page, one click and a confirmation, by the edit form's rules. */
@QuarkusTest
class QuickChangesTest {

    @Test
    void theIncidentPageOffersBothChangesWithAConfirmationForEditorsOnly() {
        long id = draftJson().create();

        String editor = PortalClient.browser().get("/incidents/" + id).asString();
        String viewer = PortalClient.browserAs(Role.VIEWER).get("/incidents/" + id).asString();

        assertTrue(editor.contains("action=\"/incidents/" + id + "/status\""), editor);
        assertTrue(editor.contains("action=\"/incidents/" + id + "/severity\""));
        assertTrue(editor.contains("data-confirm=\"Change the status of this incident?\""));
        assertEquals(List.of("INVESTIGATING", "MITIGATED", "RESOLVED"), StatusGateTest.options(editor, "status"));
        assertFalse(editor.contains("<script>"), "no inline script: the confirmation comes from /static/app.js");
        assertFalse(viewer.contains("/incidents/" + id + "/status\""), "viewers see no change forms");
        assertFalse(viewer.contains("/incidents/" + id + "/severity\""));
    }

    @Test
    void movingToMitigatedSetsTheMitigationTimeAndSaysSo() {
        long id = draftJson().create();
        PortalClient browser = PortalClient.browser();
        Instant before = Instant.now().minusSeconds(5);

        Response changed = browser.open("/incidents/" + id).submit("/incidents/" + id + "/status",
                Map.of("status", "MITIGATED", "version", "0"));

        assertEquals(303, changed.statusCode(), changed.asString());
        assertEquals("/incidents/" + id, PortalClient.location(changed));
        assertEquals(Optional.of("Status changed to Mitigated."), Html.flash(browser.follow(changed).asString()));
        Response stored = read(id);
        assertEquals("MITIGATED", stored.path("status"));
        Instant mitigated = Instant.parse(stored.path("mitigated_at"));
        assertTrue(!mitigated.isBefore(before) && mitigated.isBefore(Instant.now().plusSeconds(5)), "just now: " + mitigated);
    }

    @Test
    void movingToResolvedKeepsAKnownMitigationTime() {
        IncidentJson draft = draftJson();
        Instant mitigated = draft.startedAt().plus(Duration.ofMinutes(30));
        long id = draft.status("MITIGATED").mitigatedAt(mitigated).create();

        Response changed = PortalClient.browser().open("/incidents/" + id).submit("/incidents/" + id + "/status",
                Map.of("status", "RESOLVED", "version", "0"));

        assertEquals(303, changed.statusCode());
        read(id).then().body("status", equalTo("RESOLVED")).body("mitigated_at", equalTo(mitigated.toString()));
        assertTrue(read(id).path("resolved_at") != null, "resolved just now");
    }

    @Test
    void changingTheSeverityKeepsEverythingElse() {
        IncidentJson draft = draftJson().severity("SEV3");
        long id = draft.create();
        PortalClient browser = PortalClient.browser();

        Response changed = browser.open("/incidents/" + id).submit("/incidents/" + id + "/severity",
                Map.of("severity", "SEV1", "version", "0"));

        assertEquals(303, changed.statusCode());
        assertEquals(Optional.of("Severity changed to SEV1 (Critical)."), Html.flash(browser.follow(changed).asString()));
        read(id).then().body("severity", equalTo("SEV1")).body("status", equalTo("INVESTIGATING"))
                .body("title", equalTo(draft.title())).body("version", equalTo(1));
    }

    @Test
    void publishedIsRefusedHereTooAndNothingChanges() {
        long id = draftJson().create();
        String before = read(id).asString();

        Response refused = PortalClient.browser().open("/incidents/" + id).submit("/incidents/" + id + "/status",
                Map.of("status", "PUBLISHED", "version", "0"));

        assertEquals(400, refused.statusCode());
        assertTrue(Html.unescape(refused.asString()).contains(StatusGateTest.HOW), refused.asString());
        assertEquals(before, read(id).asString());
    }

    @Test
    void anIncidentInReviewOffersOnlyTheSeverityChange() {
        long id = draftJson().status("RESOLVED").create();
        Incidents.movedByReview(id, IncidentStatus.IN_REVIEW);

        String html = PortalClient.browser().get("/incidents/" + id).asString();

        assertFalse(html.contains("action=\"/incidents/" + id + "/status\""), "the review decides the status now");
        assertTrue(html.contains("action=\"/incidents/" + id + "/severity\""));
    }

    @Test
    void aViewerIsRefused() {
        long id = draftJson().create();
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        FormPage page = viewer.open("/incidents/" + id);

        Response status = page.submit("/incidents/" + id + "/status", Map.of("status", "RESOLVED", "version", "0"));
        Response severity = page.submit("/incidents/" + id + "/severity", Map.of("severity", "SEV1", "version", "0"));

        assertEquals(403, status.statusCode());
        assertEquals(403, severity.statusCode());
        read(id).then().body("status", equalTo("INVESTIGATING")).body("version", equalTo(0));
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        long id = draftJson().create();
        PortalClient browser = PortalClient.browser();
        browser.open("/incidents/" + id);

        Response refused = browser.postForm("/incidents/" + id + "/status", Map.of("status", "RESOLVED", "version", "0"));

        assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, "status " + refused.statusCode());
        read(id).then().body("status", equalTo("INVESTIGATING"));
    }

    @Test
    void aChangeFromAnOutdatedPageIsAConflict() {
        IncidentJson draft = draftJson();
        long id = draft.create();
        FormPage page = PortalClient.browser().open("/incidents/" + id);
        PortalClient.api().body(draft.severity("SEV4").body()).put(Incidents.API + "/" + id).then().statusCode(200);

        Response conflict = page.submit("/incidents/" + id + "/status", Map.of("status", "MITIGATED", "version", "0"));

        assertEquals(409, conflict.statusCode());
        read(id).then().body("status", equalTo("INVESTIGATING"));
    }
}
