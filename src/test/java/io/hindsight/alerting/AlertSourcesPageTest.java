package io.hindsight.alerting;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.audit.AuditEvent;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admin → Integrations → Alert sources as an admin uses it: the token shown once on the answer to the form and never
 * again, PagerDuty's pasted secret never shown at all, the last deliveries, invalid input answered on the form, the
 * actions in the audit log, and nobody but admins in.
 */
@QuarkusTest
class AlertSourcesPageTest {

    private static final String PAGE = "/admin/integrations/alerts";
    private static final Pattern TOKEN = Pattern.compile("<code class=\"token-value\">([^<]+)</code>");
    private static final Pattern ADDRESS = Pattern.compile("<code class=\"inbound-url\">[^<]*(/api/v1/alerts/alertmanager/(\\d+))</code>");

    @Test
    void theTokenIsShownOnceAndWorks() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        assertTrue(admin.get("/admin/integrations").asString().contains("href=\"/admin/integrations/alerts\""), "linked from Integrations");
        String name = "Production Alertmanager " + Incidents.shortId();

        Response added = admin.open(PAGE).submit(PAGE, Map.of("kind", "ALERTMANAGER", "name", name, "defaultSeverity", "SEV2",
                "service", "Checkout", "signingSecret", ""));

        assertEquals(200, added.statusCode(), added::asString);
        String html = added.asString();
        Matcher token = TOKEN.matcher(html);
        Matcher address = ADDRESS.matcher(html);
        assertTrue(token.find(), html);
        assertTrue(address.find(), html);
        long id = Long.parseLong(address.group(2));
        String secret = token.group(1);

        String body = Alerts.sample("alertmanager-firing.json", Map.of("FINGERPRINT", UUID.randomUUID().toString(),
                "STARTS_AT", Instant.now().minusSeconds(60).toString()));
        AlertSource source = QuarkusTransaction.requiringNew().call(() -> AlertSource.<AlertSource>findById(id));
        assertEquals(200, Alerts.post(source, secret, body).statusCode());

        String later = admin.get(PAGE + "/" + id).asString();
        assertAll(
                () -> assertFalse(later.contains(secret), "never shown again"),
                () -> assertTrue(later.contains("••••" + secret.substring(secret.length() - 4)), "masked"),
                () -> assertTrue(later.contains("Opened an incident"), "the delivery is listed"),
                () -> assertEquals("checkout", source.service, "service names are lower case"));
        assertTrue(admin.get(PAGE).asString().contains(name));
        assertEquals(List.of("alert.source-added"), auditActions(id));

        Response rotated = admin.open(PAGE + "/" + id).submit(PAGE + "/" + id + "/rotate", Map.of());
        assertEquals(200, rotated.statusCode());
        Matcher newToken = TOKEN.matcher(rotated.asString());
        assertTrue(newToken.find());
        assertFalse(newToken.group(1).equals(secret));
        assertEquals(401, Alerts.post(source, secret, body).statusCode(), "the old token no longer works");

        Response disabled = admin.open(PAGE + "/" + id).submit(PAGE + "/" + id + "/disable", Map.of());
        assertEquals(303, disabled.statusCode());
        assertEquals(410, Alerts.post(source, newToken.group(1), body).statusCode());
        Response removed = admin.open(PAGE + "/" + id).submit(PAGE + "/" + id + "/remove", Map.of());
        assertEquals(303, removed.statusCode());
        assertEquals(404, Alerts.post(source, newToken.group(1), body).statusCode());
        assertEquals(List.of("alert.source-added", "alert.source-secret-rotated", "alert.source-disabled", "alert.source-removed"),
                auditActions(id));
    }

    @Test
    void thePagerDutySecretIsNeverShown() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String secret = "pd-" + UUID.randomUUID();
        Response added = admin.open(PAGE).submit(PAGE, Map.of("kind", "PAGERDUTY", "name", "PagerDuty " + Incidents.shortId(),
                "defaultSeverity", "SEV3", "service", "", "signingSecret", secret));
        assertEquals(200, added.statusCode(), added::asString);
        assertFalse(added.asString().contains(secret.substring(0, 12)));
        assertFalse(TOKEN.matcher(added.asString()).find(), "PagerDuty issues its own secret: no token here");
        assertTrue(added.asString().contains("••••" + secret.substring(secret.length() - 4)));
    }

    @Test
    void invalidInputIsAnsweredOnTheForm() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        long before = QuarkusTransaction.requiringNew().call(() -> AlertSource.count());
        Response refused = admin.open(PAGE).submit(PAGE, Map.of("kind", "NAGIOS", "name", " ", "defaultSeverity", "SEV9",
                "service", "not a service!", "signingSecret", ""));
        String html = refused.asString();
        assertEquals(400, refused.statusCode());
        assertAll(
                () -> assertTrue(Html.fieldError(html, "kind").isPresent(), html),
                () -> assertTrue(Html.fieldError(html, "name").isPresent()),
                () -> assertTrue(Html.fieldError(html, "defaultSeverity").isPresent()),
                () -> assertTrue(Html.fieldError(html, "service").isPresent()),
                () -> assertEquals("not a service!", Html.inputValue(html, "service").orElse(""), "kept as typed"));
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> AlertSource.count()));
    }

    @Test
    void onlyAdminsGetIn() {
        assertEquals(403, PortalClient.browserAs(Role.EDITOR).get(PAGE).statusCode());
        assertEquals(403, PortalClient.browserAs(Role.VIEWER).get(PAGE).statusCode());
    }

    private static List<String> auditActions(long sourceId) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list("subject = ?1 ORDER BY id",
                "alert-source:" + sourceId).stream().map(e -> e.action).toList());
    }
}
