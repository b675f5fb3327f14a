package io.hindsight.tracker;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admin → Integrations → Trackers as an admin uses it: secrets are stored as typed and only ever shown
 * masked, a blank secret field keeps the saved one, a wrong field is said next to it with the rest kept,
 * and connecting, changing and disconnecting are in the audit log without the secrets.
 */
@QuarkusTest
class TrackersPageTest {

    private static final String PAGE = "/admin/trackers";

    @Test
    void anAdminConnectsGithubAndOnlyEverSeesTheSecretsMasked() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        admin.open(PAGE).submit(PAGE + "/github/disconnect", Map.of());
        String token = "github_pat_11AAAAAAA0abcdefghijklmnopqrstuv7f3e";
        String secret = "whsec-0123456789abcdef-9d2c";

        Response saved = admin.open(PAGE).submit(PAGE + "/github", github("https://api.github.com", "acme/platform", token, secret));

        assertEquals(303, saved.statusCode(), saved::asString);
        String page = admin.follow(saved).asString();
        assertAll(
                () -> assertTrue(Html.flash(page).orElse("").startsWith("Connected GitHub"), page),
                () -> assertTrue(page.contains("••••7f3e"), "the token as its last four"),
                () -> assertTrue(page.contains("••••9d2c"), "the webhook secret as its last four"),
                () -> assertFalse(page.contains(token), "never the token again"),
                () -> assertFalse(page.contains(token.substring(0, 16)), "not even in part"),
                () -> assertFalse(page.contains(secret.substring(0, 12)), "nor the webhook secret"),
                () -> assertTrue(page.contains("/api/v1/trackers/github/webhook"), "the webhook address to paste into GitHub"));
        assertEquals(token, connection(TrackerKind.GITHUB).token, "stored as typed");

        Response kept = admin.open(PAGE).submit(PAGE + "/github", github("https://api.github.com", "acme/platform-2", "", ""));
        assertEquals(303, kept.statusCode(), kept::asString);
        assertEquals(token, connection(TrackerKind.GITHUB).token, "a blank token keeps the saved one");
        assertEquals("acme/platform-2", connection(TrackerKind.GITHUB).project);

        // The saved token is never sent to another host: moving the address needs the token typed again.
        Response elsewhere = admin.open(PAGE).submit(PAGE + "/github", github("https://github.example.com/api/v3", "acme/platform", "", ""));
        String refusedPage = elsewhere.asString();
        assertEquals(400, elsewhere.statusCode(), refusedPage);
        assertAll(
                () -> assertTrue(Html.fieldError(refusedPage, "github-token").orElse("").contains("again"), refusedPage),
                () -> assertTrue(refusedPage.contains("value=\"https://github.example.com/api/v3\""), "what was typed is kept"),
                () -> assertFalse(refusedPage.contains(token), "never the token"));
        assertEquals("https://api.github.com", connection(TrackerKind.GITHUB).apiBaseUrl, "nothing saved");

        Response moved = admin.open(PAGE).submit(PAGE + "/github", github("https://github.example.com/api/v3", "acme/platform", token, ""));
        assertEquals(303, moved.statusCode(), moved::asString);
        TrackerConnection changed = connection(TrackerKind.GITHUB);
        assertEquals(token, changed.token);
        assertEquals(secret, changed.webhookSecret, "a blank secret keeps the saved one");
        assertEquals("https://github.example.com/api/v3", changed.apiBaseUrl);

        List<String> audit = auditDetails("tracker:github");
        assertTrue(audit.stream().anyMatch(d -> d.contains("acme/platform") && d.contains("••••7f3e")), audit.toString());
        assertTrue(audit.stream().anyMatch(d -> d.contains("address https://api.github.com → https://github.example.com/api/v3")), audit.toString());
        assertTrue(audit.stream().noneMatch(d -> d.contains(token) || d.contains(secret)), "no secret in the audit log");

        Response gone = admin.open(PAGE).submit(PAGE + "/github/disconnect", Map.of());
        assertEquals(303, gone.statusCode());
        assertFalse(QuarkusTransaction.requiringNew().call(() -> TrackerConnection.findByIdOptional(TrackerKind.GITHUB).isPresent()));
        assertTrue(auditActions("tracker:github").contains("tracker.disconnected"));
    }

    @Test
    void aWrongFieldIsSaidNextToItAndNothingIsSaved() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        admin.open(PAGE).submit(PAGE + "/jira/disconnect", Map.of());
        Map<String, String> form = new HashMap<>(Map.of("apiBaseUrl", "javascript:alert(1)", "project", "ops team", "accountEmail", "bot",
                "token", "ATATT secret with spaces", "issueType", "Task", "doneCategory", "done", "webhookSecret", "short"));

        Response refused = admin.open(PAGE).submit(PAGE + "/jira", form);

        String html = refused.asString();
        assertEquals(400, refused.statusCode());
        assertAll(
                () -> assertTrue(Html.fieldError(html, "jira-apiBaseUrl").orElse("").contains("https://"), html),
                () -> assertTrue(Html.fieldError(html, "jira-project").isPresent()),
                () -> assertTrue(Html.fieldError(html, "jira-accountEmail").isPresent()),
                () -> assertTrue(Html.fieldError(html, "jira-token").isPresent()),
                () -> assertTrue(Html.fieldError(html, "jira-webhookSecret").isPresent()),
                () -> assertTrue(html.contains("value=\"Task\""), "what was typed is kept"),
                () -> assertFalse(html.contains("ATATT secret"), "but never a secret"));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> TrackerConnection.findByIdOptional(TrackerKind.JIRA).isPresent()));
    }

    @Test
    void aRepositoryThatIsNotOwnerSlashNameIsRefused() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        TrackerConnection before = connection(TrackerKind.GITHUB);
        for (String repository : List.of("../x", "acme/..", "acme/.", "-acme/platform", "ac--me/platform", "acme/platform/extra", "acme")) {
            Response refused = admin.open(PAGE).submit(PAGE + "/github",
                    github("https://api.github.com", repository, "ghp_" + "a".repeat(36), "a webhook secret long enough"));
            assertEquals(400, refused.statusCode(), repository);
            assertEquals(java.util.Optional.of("Name the repository as owner/name, e.g. acme/platform."),
                    Html.fieldError(refused.asString(), "github-project"), repository);
        }
        TrackerConnection after = connection(TrackerKind.GITHUB);
        assertEquals(before == null ? null : before.project, after == null ? null : after.project, "nothing saved");
    }

    @Test
    void onlyAdminsGetIn() {
        assertEquals(403, PortalClient.browserAs(Role.EDITOR).get(PAGE).statusCode());
        assertTrue(PortalClient.browserAs(Role.ADMIN).get("/admin/integrations").asString().contains("href=\"/admin/trackers\""),
                "Integrations links to Trackers");
    }

    private static Map<String, String> github(String api, String repository, String token, String secret) {
        return Map.of("apiBaseUrl", api, "project", repository, "token", token, "webhookSecret", secret);
    }

    private static TrackerConnection connection(TrackerKind kind) {
        return QuarkusTransaction.requiringNew().call(() -> TrackerConnection.<TrackerConnection>findById(kind));
    }

    @SuppressWarnings("unchecked")
    private static List<String> auditDetails(String subject) {
        return QuarkusTransaction.requiringNew().call(() -> TrackerConnection.getEntityManager()
                .createNativeQuery("SELECT coalesce(detail, '') FROM audit_event WHERE subject = ?1 ORDER BY id").setParameter(1, subject)
                .getResultList());
    }

    @SuppressWarnings("unchecked")
    private static List<String> auditActions(String subject) {
        return QuarkusTransaction.requiringNew().call(() -> TrackerConnection.getEntityManager()
                .createNativeQuery("SELECT action FROM audit_event WHERE subject = ?1 ORDER BY id").setParameter(1, subject)
                .getResultList());
    }
}
