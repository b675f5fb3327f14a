package io.hindsight.alerting;

import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.Severity;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test data for the alert intake: sources made the way an admin makes them, the sample bodies of each tool (in
 * src/test/resources/alerts, with placeholders filled in), and deliveries posted the way each tool posts them:
 * plain HTTP, no session, the source's own credentials.
 */
final class Alerts {

    /** A PagerDuty-issued signing secret, as an admin pastes it. */
    static final String PAGERDUTY_SECRET = "pd-signing-secret-0123456789abcdef";

    private Alerts() {
    }

    static AlertSources.Issued source(AlertKind kind, Severity defaultSeverity, String service) {
        AlertSources sources = Arc.container().instance(AlertSources.class).get();
        return sources.add(TestAccounts.of(Role.ADMIN).id(), new AlertSources.Form(kind.name(),
                kind.label() + " " + System.nanoTime(), defaultSeverity.name(), service, kind.signs() ? PAGERDUTY_SECRET : ""));
    }

    /** A sample body with each {@code PLACEHOLDER} replaced. */
    static String sample(String name, Map<String, String> values) {
        try (InputStream in = Alerts.class.getResourceAsStream("/alerts/" + name)) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                body = body.replace(value.getKey(), value.getValue());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts as Alertmanager, Grafana or Opsgenie do: JSON with {@code Authorization: Bearer <token>}. */
    static Response post(AlertSource source, String token, String body) {
        var request = RestAssured.given().contentType(ContentType.JSON).accept(ContentType.ANY).body(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.post(source.inboundPath());
    }

    /** Posts as PagerDuty does: the body signed with {@code X-PagerDuty-Signature: v1=<hex>}. */
    static Response postSigned(AlertSource source, String signatureHeader, String body) {
        var request = RestAssured.given().contentType(ContentType.JSON).accept(ContentType.ANY)
                .body(body.getBytes(StandardCharsets.UTF_8));
        if (signatureHeader != null) {
            request.header("X-PagerDuty-Signature", signatureHeader);
        }
        return request.post(source.inboundPath());
    }

    /** PagerDuty's signature of a body under a secret, computed here independently of the portal. */
    static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<AlertDelivery> deliveries(long sourceId) {
        return QuarkusTransaction.requiringNew().call(() ->
                AlertDelivery.<AlertDelivery>list("sourceId = ?1 ORDER BY id", sourceId));
    }

    static long incidentsTitled(String title) {
        return QuarkusTransaction.requiringNew().call(() -> Incident.count("title", title));
    }

    /** The incident with its timeline loaded. */
    static Incident incident(long id) {
        IncidentService incidents = Arc.container().instance(IncidentService.class).get();
        return QuarkusTransaction.requiringNew().call(() -> {
            Incident incident = incidents.get(id);
            incident.timeline.size();
            return incident;
        });
    }
}
