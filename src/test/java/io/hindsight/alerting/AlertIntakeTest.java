package io.hindsight.alerting;

import io.hindsight.PortalClient;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.incident.TimelineEntry;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.notify.OutboxMessage;
import io.hindsight.notify.SlackDestination;
import io.hindsight.notify.SlackStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hindsight.alerting.Alerts.deliveries;
import static io.hindsight.alerting.Alerts.incident;
import static io.hindsight.alerting.Alerts.post;
import static io.hindsight.alerting.Alerts.postSigned;
import static io.hindsight.alerting.Alerts.sample;
import static io.hindsight.alerting.Alerts.signature;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert intake over real HTTP, as each tool delivers: Alertmanager's, Grafana's and Opsgenie's JSON with the
 * source's bearer token, PagerDuty's signed v3 webhooks. A firing alert opens exactly one incident (retries and
 * concurrent deliveries included), announced like any other; a resolved one resolves it; refusals write nothing.
 */
@QuarkusTest
class AlertIntakeTest {

    @Inject
    TestClock clock;

    SlackStandIn slack;

    @BeforeEach
    void standIn() {
        Notifications.disableEveryDestination();
        slack = SlackStandIn.shared(clock);
    }

    @AfterEach
    void cleanUp() {
        Notifications.disableEveryDestination();
        clock.reset();
    }

    private static Map<String, String> alert(String fingerprint, Instant startsAt) {
        return Map.of("FINGERPRINT", fingerprint, "STARTS_AT", startsAt.toString());
    }

    private static String fingerprint() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Test
    @DisplayName("an Alertmanager firing alert opens one incident, announced in chat; the retried delivery adds nothing")
    void alertmanagerFiringOpensOneIncident() {
        SlackDestination chat = Notifications.destination(slack.hook(), EventKey.INCIDENT_DECLARED);
        Notifications.hold(chat.id);
        AlertSources.Issued issued = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV3, "web");
        Instant started = clock.instant().minus(4, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String body = sample("alertmanager-firing.json", alert(fingerprint(), started));

        Response first = post(issued.source(), issued.token(), body);
        assertEquals(200, first.statusCode(), first::asString);
        assertEquals("opened", first.jsonPath().getString("results[0].outcome"));
        long id = first.jsonPath().getLong("results[0].incident_id");

        Incident incident = incident(id);
        TimelineEntry opened = incident.timeline.get(0);
        assertAll(
                () -> assertEquals("Checkout error rate above 5%", incident.title),
                () -> assertEquals(Severity.SEV1, incident.severity, "severity=critical"),
                () -> assertEquals(IncidentStatus.INVESTIGATING, incident.status),
                () -> assertEquals(started, incident.startedAt, "the alert's startsAt"),
                () -> assertEquals(List.of("web", "checkout"), incident.affectedServices),
                () -> assertTrue(incident.tags.containsAll(List.of("alert", "alertmanager", "checkouterrorrate", "payments")), incident.tags::toString),
                () -> assertTrue(incident.summary.contains("7.2% of checkout requests"), incident.summary),
                () -> assertEquals(1, incident.timeline.size()),
                () -> assertTrue(opened.description.startsWith("Opened by alert from " + issued.source().name), opened.description),
                () -> assertTrue(opened.description.contains("severity=critical"), opened.description),
                () -> assertTrue(Notifications.onlyRow(chat.id).payload.contains("Checkout error rate above 5%"), "announced in chat"));

        Response retry = post(issued.source(), issued.token(), body);
        assertEquals(200, retry.statusCode(), retry::asString);
        assertEquals("duplicate", retry.jsonPath().getString("results[0].outcome"));
        assertEquals(id, retry.jsonPath().getLong("results[0].incident_id"));
        assertEquals(1, incident(id).timeline.size(), "the retry adds no timeline entry");
        assertEquals(1, Notifications.rows(chat.id).size(), "and no second announcement");
        assertEquals(List.of(AlertDelivery.Outcome.OPENED, AlertDelivery.Outcome.DUPLICATE),
                deliveries(issued.source().id).stream().map(d -> d.outcome).toList());
    }

    @Test
    @DisplayName("two identical deliveries at the same moment open exactly one incident")
    void concurrentDeliveriesOpenOneIncident() throws Exception {
        AlertSources.Issued issued = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV3, "");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                // A group of its own each round: an alert of the same group would be added to the first round's incident.
                String body = sample("alertmanager-firing.json", alert(fingerprint(), clock.instant().minusSeconds(60)))
                        .replace("\"groupKey\": \"{}/", "\"groupKey\": \"{}/round-" + round + "/");
                CountDownLatch start = new CountDownLatch(1);
                Callable<Response> deliver = () -> {
                    start.await();
                    return post(issued.source(), issued.token(), body);
                };
                List<Future<Response>> sent = List.of(pool.submit(deliver), pool.submit(deliver));
                start.countDown();
                List<String> outcomes = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                for (Future<Response> f : sent) {
                    Response r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.statusCode(), r::asString);
                    outcomes.add(r.jsonPath().getString("results[0].outcome"));
                    ids.add(r.jsonPath().getLong("results[0].incident_id"));
                }
                assertEquals(List.of("duplicate", "opened"), outcomes.stream().sorted().toList(), "round " + round);
                assertEquals(ids.get(0), ids.get(1), "both name the same incident");
            }
        } finally {
            pool.shutdownNow();
        }
        long distinct = QuarkusTransaction.requiringNew().call(() -> (Long) Incident.getEntityManager().createQuery(
                "SELECT count(DISTINCT d.incidentId) FROM AlertDelivery d WHERE d.sourceId = ?1").setParameter(1, issued.source().id)
                .getSingleResult());
        assertEquals(4, distinct, "one incident per group");
    }

    @Test
    @DisplayName("resolved: a timeline entry, the incident resolved at the alert's end; a retried resolve adds nothing")
    void resolvedAlertResolvesTheIncident() {
        AlertSources.Issued issued = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV3, "");
        String fingerprint = fingerprint();
        Instant started = clock.instant().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Instant ended = clock.instant().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        long id = post(issued.source(), issued.token(), sample("alertmanager-firing.json", alert(fingerprint, started)))
                .then().statusCode(200).extract().jsonPath().getLong("results[0].incident_id");
        String resolved = sample("alertmanager-resolved.json", Map.of("FINGERPRINT", fingerprint, "STARTS_AT", started.toString(),
                "ENDS_AT", ended.toString()));

        Response answer = post(issued.source(), issued.token(), resolved);
        assertEquals(200, answer.statusCode(), answer::asString);
        assertEquals("resolved", answer.jsonPath().getString("results[0].outcome"));
        Incident incident = incident(id);
        assertAll(
                () -> assertEquals(IncidentStatus.RESOLVED, incident.status),
                () -> assertEquals(ended, incident.resolvedAt),
                () -> assertEquals(ended, incident.mitigatedAt, "mitigation was never said: the resolution's time"),
                () -> assertEquals(2, incident.timeline.size()),
                () -> assertTrue(incident.timeline.stream().anyMatch(e -> e.description.startsWith("Resolved by alert from "
                        + issued.source().name)), "timeline says it"));

        Response again = post(issued.source(), issued.token(), resolved);
        assertEquals("duplicate", again.jsonPath().getString("results[0].outcome"));
        assertEquals(2, incident(id).timeline.size());
    }

    @Test
    @DisplayName("a resolve for an incident already resolved by hand keeps its status and times")
    void resolveKeepsAResolvedIncidentAsItIs() {
        AlertSources.Issued issued = Alerts.source(AlertKind.OPSGENIE, Severity.SEV3, "");
        String alertId = UUID.randomUUID() + "-1493300474447";
        long now = clock.instant().toEpochMilli();
        Map<String, String> values = Map.of("ALERT_ID", alertId, "CREATED_MILLIS", String.valueOf(now - 600_000),
                "UPDATED_NANOS", String.valueOf(now * 1_000_000));
        Response created = post(issued.source(), issued.token(), sample("opsgenie-create.json", values));
        assertEquals(200, created.statusCode(), created::asString);
        long id = created.jsonPath().getLong("results[0].incident_id");
        Incident opened = incident(id);
        assertEquals(Severity.SEV1, opened.severity, "Opsgenie P1");
        assertEquals("Disk almost full on backup-01", opened.title);
        assertTrue(opened.tags.containsAll(List.of("opsgenie", "storage", "backups")), opened.tags::toString);
        Instant byHand = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> io.quarkus.arc.Arc.container().instance(io.hindsight.incident.IncidentService.class)
                .get().resolve(id, byHand));

        Response closed = post(issued.source(), issued.token(), sample("opsgenie-close.json", values));
        assertEquals("resolved", closed.jsonPath().getString("results[0].outcome"), closed::asString);
        Incident after = incident(id);
        assertEquals(IncidentStatus.RESOLVED, after.status);
        assertEquals(byHand, after.resolvedAt, "its own resolution stays");
        assertTrue(after.timeline.stream().anyMatch(e -> e.description.startsWith("Resolved by alert")));
    }

    @Test
    @DisplayName("PagerDuty: a correct signature opens, a wrong one is 401 and writes nothing, rotation signatures work")
    void pagerDutySignatures() {
        AlertSources.Issued issued = Alerts.source(AlertKind.PAGERDUTY, Severity.SEV4, "");
        String incidentId = "Q" + fingerprint().toUpperCase();
        Map<String, String> values = Map.of("EVENT_ID", UUID.randomUUID().toString(), "INCIDENT_ID", incidentId,
                "OCCURRED_AT", clock.instant().minusSeconds(120).toString());
        String body = sample("pagerduty-triggered.json", values);
        long before = QuarkusTransaction.requiringNew().call(() -> Incident.count());

        for (String wrong : new String[] {null, "", signature("not-the-secret-at-all-0000", body), "v1=deadbeef",
                signature(Alerts.PAGERDUTY_SECRET, body + " "), signature(Alerts.PAGERDUTY_SECRET, body).replace("v1=", "v0=")}) {
            Response refused = postSigned(issued.source(), wrong, body);
            assertEquals(401, refused.statusCode(), () -> wrong + " → " + refused.asString());
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        }
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> Incident.count()), "nothing written");
        assertEquals(List.of(), deliveries(issued.source().id));

        // While PagerDuty rotates its secret it sends one signature per secret; one match is enough.
        String rotating = signature("the-new-secret-not-yet-saved-here", body) + "," + signature(Alerts.PAGERDUTY_SECRET, body);
        Response accepted = postSigned(issued.source(), rotating, body);
        assertEquals(200, accepted.statusCode(), accepted::asString);
        long id = accepted.jsonPath().getLong("results[0].incident_id");
        Incident incident = incident(id);
        assertEquals("Database connections exhausted on orders-db", incident.title);
        assertEquals(Severity.SEV2, incident.severity, "urgency high");
        assertEquals(List.of("orders-api"), incident.affectedServices);

        String ack = sample("pagerduty-acknowledged.json", values);
        Response ignored = postSigned(issued.source(), signature(Alerts.PAGERDUTY_SECRET, ack), ack);
        assertEquals(202, ignored.statusCode(), ignored::asString);
        assertEquals("ignored", ignored.jsonPath().getString("results[0].outcome"));

        String resolved = sample("pagerduty-resolved.json", Map.of("EVENT_ID", UUID.randomUUID().toString(), "INCIDENT_ID", incidentId,
                "OCCURRED_AT", clock.instant().toString()));
        Response done = postSigned(issued.source(), signature(Alerts.PAGERDUTY_SECRET, resolved), resolved);
        assertEquals("resolved", done.jsonPath().getString("results[0].outcome"), done::asString);
        assertEquals(IncidentStatus.RESOLVED, incident(id).status);
    }

    @Test
    @DisplayName("Grafana's webhook body opens an incident with its severity label")
    void grafanaFiring() {
        AlertSources.Issued issued = Alerts.source(AlertKind.GRAFANA, Severity.SEV2, "");
        Response r = post(issued.source(), issued.token(), sample("grafana-firing.json", alert(fingerprint(), clock.instant().minusSeconds(90))));
        assertEquals(200, r.statusCode(), r::asString);
        Incident incident = incident(r.jsonPath().getLong("results[0].incident_id"));
        assertEquals("This alert was triggered for zone us-1", incident.title);
        assertEquals(Severity.SEV3, incident.severity, "severity=warning");
        assertTrue(incident.tags.containsAll(List.of("grafana", "high-memory-usage", "blue")), incident.tags::toString);
    }

    @Test
    @DisplayName("wrong, missing or another source's token, a person's API token, a session cookie: 401, nothing written")
    void bearerTokensAreChecked() {
        AlertSources.Issued issued = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV3, "");
        AlertSources.Issued other = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV3, "");
        String body = sample("alertmanager-firing.json", alert(fingerprint(), clock.instant().minusSeconds(60)));
        long before = QuarkusTransaction.requiringNew().call(() -> Incident.count());

        List<Response> refused = List.of(
                post(issued.source(), null, body),
                post(issued.source(), issued.token() + "x", body),
                post(issued.source(), other.token(), body),
                post(issued.source(), PortalClient.accessToken(Role.ADMIN), body),
                PortalClient.browserAs(Role.ADMIN).request().contentType("application/json").body(body).post(issued.source().inboundPath()));
        for (Response r : refused) {
            assertEquals(401, r.statusCode(), r::asString);
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertTrue(r.jsonPath().getString("detail").contains("Bearer"), r.asString());
        }
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> Incident.count()));
        assertEquals(List.of(), deliveries(issued.source().id));
    }

    @Test
    @DisplayName("an unknown or malformed body is 400 problem+json naming what is wrong, and writes nothing")
    void malformedBodiesAreRefused() {
        AlertSources.Issued issued = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV3, "");
        AlertSources.Issued pagerDuty = Alerts.source(AlertKind.PAGERDUTY, Severity.SEV3, "");
        long before = QuarkusTransaction.requiringNew().call(() -> Incident.count());
        String firing = sample("alertmanager-firing.json", alert(fingerprint(), clock.instant()));
        Map<String, String> cases = Map.of(
                firing.replace("\"version\": \"4\"", "\"version\": \"3\""), "'version'",
                firing.replace("\"fingerprint\"", "\"print\""), "'alerts[0].fingerprint'",
                firing.replace("\"status\": \"firing\",\n      \"labels\"", "\"status\": \"burning\",\n      \"labels\""), "'alerts[0].status'",
                "{\"hello\": \"world\"}", "'version'",
                "{\"version\": \"4\", \"groupKey\": \"g\", \"alerts\": []}", "'alerts'",
                "[1, 2]", "JSON object",
                "{\"version\": \"4\",", "not valid JSON",
                "{\"alerts\": " + "[".repeat(5000), "nests too deeply",
                "{\"version\": " + "7".repeat(5000) + "}", "nests too deeply");
        cases.forEach((body, named) -> {
            Response r = post(issued.source(), issued.token(), body);
            assertEquals(400, r.statusCode(), () -> body + " → " + r.asString());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertTrue(r.jsonPath().getString("detail").contains(named), () -> named + " in " + r.asString());
        });
        String notPagerDuty = "{\"messages\": []}";
        Response r = postSigned(pagerDuty.source(), signature(Alerts.PAGERDUTY_SECRET, notPagerDuty), notPagerDuty);
        assertEquals(400, r.statusCode(), r::asString);
        assertTrue(r.jsonPath().getString("detail").contains("'event'"), r.asString());

        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> Incident.count()));
        assertEquals(List.of(), deliveries(issued.source().id));
        assertEquals(List.of(), deliveries(pagerDuty.source().id));
    }

    @Test
    @DisplayName("unknown source 404, another tool's address 404, disabled source 410, oversized body 413")
    void addressesAndLimits() {
        AlertSources.Issued issued = Alerts.source(AlertKind.OPSGENIE, Severity.SEV3, "");
        String body = sample("opsgenie-create.json", Map.of("ALERT_ID", UUID.randomUUID().toString(),
                "CREATED_MILLIS", "1493300474447", "UPDATED_NANOS", "1493300474912000000"));
        Response unknown = io.restassured.RestAssured.given().contentType("application/json").header("Authorization", "Bearer " + issued.token())
                .body(body).post("/api/v1/alerts/opsgenie/999999999");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.contentType().startsWith("application/problem+json"));
        Response wrongTool = io.restassured.RestAssured.given().contentType("application/json").header("Authorization", "Bearer " + issued.token())
                .body(body).post("/api/v1/alerts/grafana/" + issued.source().id);
        assertEquals(404, wrongTool.statusCode());

        String padded = body.replace("\"source\": \"monitoring\"", "\"source\": \"" + "x".repeat(1_100_000) + "\"");
        Response large = post(issued.source(), issued.token(), padded);
        assertEquals(413, large.statusCode(), large::asString);

        io.quarkus.arc.Arc.container().instance(AlertSources.class).get()
                .setDisabled(io.hindsight.TestAccounts.of(Role.ADMIN).id(), issued.source().id, true);
        Response disabled = post(issued.source(), issued.token(), body);
        assertEquals(410, disabled.statusCode(), disabled::asString);
        assertTrue(disabled.contentType().startsWith("application/problem+json"));
        assertEquals(List.of(), deliveries(issued.source().id));
    }

    @Test
    @DisplayName("the token from the admin page works once shown; rotating it ends the old one")
    void rotatingTheTokenEndsTheOldOne() {
        AlertSources.Issued issued = Alerts.source(AlertKind.GRAFANA, Severity.SEV3, "");
        AlertSources.Issued rotated = io.quarkus.arc.Arc.container().instance(AlertSources.class).get()
                .rotate(io.hindsight.TestAccounts.of(Role.ADMIN).id(), issued.source().id, null);
        assertNotNull(rotated.token());
        String body = sample("grafana-firing.json", alert(fingerprint(), clock.instant().minusSeconds(30)));
        assertEquals(401, post(issued.source(), issued.token(), body).statusCode());
        assertEquals(200, post(issued.source(), rotated.token(), body).statusCode());
    }
}
