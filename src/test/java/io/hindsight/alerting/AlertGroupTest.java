package io.hindsight.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hindsight.TestClock;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.incident.TimelineEntry;
import io.hindsight.notify.Notifications;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.hindsight.alerting.Alerts.deliveries;
import static io.hindsight.alerting.Alerts.incident;
import static io.hindsight.alerting.Alerts.post;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alertmanager and Grafana send alerts in groups (groupKey), every notification listing the group's alerts as they are
 * now. One group is one incident while it is open: its first firing alert opens it, the others are added to its
 * timeline, a retried notification changes nothing, each resolved alert says so on the incident, and the incident is
 * resolved when the last of them is. No alert is lost and none opens a second incident.
 */
@QuarkusTest
class AlertGroupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestClock clock;

    @BeforeEach
    @AfterEach
    void quiet() {
        Notifications.disableEveryDestination();
        clock.reset();
    }

    /** One alert of a group as the notification lists it; {@code endsAt} null while it fires. */
    private record Alert(String fingerprint, String summary, Instant startsAt, Instant endsAt) {
        Alert resolvedAt(Instant at) {
            return new Alert(fingerprint, summary, startsAt, at);
        }
    }

    private static String fingerprint() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A notification of {@code kind} for the group, in the documented webhook body (status from its alerts). */
    private static String notification(AlertKind kind, String groupKey, List<Alert> alerts) {
        ObjectNode root = JSON.createObjectNode();
        boolean anyFiring = alerts.stream().anyMatch(a -> a.endsAt() == null);
        root.put("receiver", "hindsight");
        root.put("status", anyFiring ? "firing" : "resolved");
        if (kind == AlertKind.ALERTMANAGER) {
            root.put("version", "4");
        } else {
            root.put("version", "1");
            root.put("orgId", 1);
            root.put("title", "[" + (anyFiring ? "FIRING" : "RESOLVED") + ":" + alerts.size() + "] DiskFull");
            root.put("state", anyFiring ? "alerting" : "ok");
        }
        if (groupKey != null) {
            root.put("groupKey", groupKey);
        }
        root.put("truncatedAlerts", 0);
        root.putObject("groupLabels").put("alertname", "DiskFull");
        root.putObject("commonLabels").put("alertname", "DiskFull").put("severity", "warning");
        root.putObject("commonAnnotations");
        root.put("externalURL", "http://alertmanager.example.internal:9093");
        ArrayNode list = root.putArray("alerts");
        for (Alert a : alerts) {
            ObjectNode alert = list.addObject();
            alert.put("status", a.endsAt() == null ? "firing" : "resolved");
            alert.putObject("labels").put("alertname", "DiskFull").put("severity", "warning").put("instance", a.summary());
            alert.putObject("annotations").put("summary", a.summary());
            alert.put("startsAt", a.startsAt().toString());
            alert.put("endsAt", a.endsAt() == null ? "0001-01-01T00:00:00Z" : a.endsAt().toString());
            alert.put("generatorURL", "http://prometheus.example.internal:9090/graph");
            alert.put("fingerprint", a.fingerprint());
        }
        return root.toString();
    }

    /** The outcome of each alert of the answer, by fingerprint (Alertmanager's ids end with it). */
    private static Map<String, String> outcomes(Response answer, List<Alert> alerts) {
        assertEquals(200, answer.statusCode(), answer::asString);
        List<Map<String, Object>> results = answer.jsonPath().getList("results");
        assertEquals(alerts.size(), results.size(), answer::asString);
        return alerts.stream().collect(Collectors.toMap(Alert::summary, a -> results.stream()
                .filter(r -> ((String) r.get("external_id")).endsWith(a.fingerprint())).map(r -> (String) r.get("outcome"))
                .findFirst().orElseThrow()));
    }

    private static List<Long> incidentIds(Response answer) {
        return answer.jsonPath().getList("results.incident_id", Long.class).stream().distinct().toList();
    }

    private static long countStartingWith(Incident incident, String start) {
        return incident.timeline.stream().filter(e -> e.description.startsWith(start)).count();
    }

    @Test
    @DisplayName("Alertmanager: two firing alerts of a group open one incident; a re-delivery adds nothing; a third is "
            + "added; partial resolution keeps it open; the last resolve resolves it; a later firing opens a new one")
    void alertmanagerGroupIsOneIncident() {
        walkThroughAGroup(AlertKind.ALERTMANAGER);
    }

    @Test
    @DisplayName("Grafana: the same, by Grafana's groupKey and fingerprints")
    void grafanaGroupIsOneIncident() {
        walkThroughAGroup(AlertKind.GRAFANA);
    }

    private void walkThroughAGroup(AlertKind kind) {
        AlertSources.Issued issued = Alerts.source(kind, Severity.SEV2, "");
        AlertSource source = issued.source();
        String group = "{}/{severity=\"warning\"}:{alertname=\"DiskFull\", run=\"" + UUID.randomUUID() + "\"}";
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Alert a = new Alert(fingerprint(), "Disk full on db-1", now.minus(10, ChronoUnit.MINUTES), null);
        Alert b = new Alert(fingerprint(), "Disk full on db-2", now.minus(8, ChronoUnit.MINUTES), null);

        // Two firing alerts in one notification: the earlier opens the incident, the other is added to it.
        String firstBody = notification(kind, group, List.of(b, a));
        Response first = post(source, issued.token(), firstBody);
        assertEquals(Map.of(a.summary(), "opened", b.summary(), "added"), outcomes(first, List.of(a, b)));
        assertEquals(1, incidentIds(first).size(), "one incident for the group");
        long id = incidentIds(first).get(0);
        Incident opened = incident(id);
        assertAll(
                () -> assertEquals("Disk full on db-1", opened.title, "the first alert's summary"),
                () -> assertEquals(a.startsAt(), opened.startedAt),
                () -> assertEquals(IncidentStatus.INVESTIGATING, opened.status),
                () -> assertEquals(1, countStartingWith(opened, "Opened by alert from " + source.name)),
                () -> assertEquals(1, countStartingWith(opened, "Added by alert from " + source.name)),
                () -> assertTrue(opened.timeline.stream().anyMatch(e -> e.description.contains("Disk full on db-2")),
                        "the second alert is on the timeline"));

        // The same notification again (a retry): nothing new.
        Response retry = post(source, issued.token(), firstBody);
        assertEquals(Map.of(a.summary(), "duplicate", b.summary(), "duplicate"), outcomes(retry, List.of(a, b)));
        assertEquals(List.of(id), incidentIds(retry));
        assertEquals(opened.timeline.size(), incident(id).timeline.size());

        // A third alert joins the group later: added to the open incident.
        clock.advance(Duration.ofMinutes(2));
        Alert c = new Alert(fingerprint(), "Disk full on db-3", now.minus(1, ChronoUnit.MINUTES), null);
        Response third = post(source, issued.token(), notification(kind, group, List.of(a, b, c)));
        assertEquals(Map.of(a.summary(), "duplicate", b.summary(), "duplicate", c.summary(), "added"),
                outcomes(third, List.of(a, b, c)));
        assertEquals(List.of(id), incidentIds(third));
        assertEquals(2, countStartingWith(incident(id), "Added by alert from " + source.name));

        // One alert is over, two still fire: the resolve is on the timeline, the incident stays open.
        clock.advance(Duration.ofMinutes(2));
        Alert aOver = a.resolvedAt(clock.instant().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
        String partialBody = notification(kind, group, List.of(aOver, b, c));
        Response partial = post(source, issued.token(), partialBody);
        assertEquals(Map.of(a.summary(), "resolved", b.summary(), "duplicate", c.summary(), "duplicate"),
                outcomes(partial, List.of(aOver, b, c)));
        Incident stillOpen = incident(id);
        assertEquals(IncidentStatus.INVESTIGATING, stillOpen.status, "two of its alerts still fire");
        assertEquals(null, stillOpen.resolvedAt);
        List<TimelineEntry> resolves = stillOpen.timeline.stream().filter(e -> e.description.startsWith("Resolved by alert")).toList();
        assertEquals(1, resolves.size());
        assertTrue(resolves.get(0).description.contains("Disk full on db-1"), resolves.get(0).description);
        assertTrue(resolves.get(0).description.contains("2 alerts of this incident still firing"), resolves.get(0).description);
        assertEquals(aOver.endsAt(), resolves.get(0).occurredAt, "when the alert says it ended");
        Response partialAgain = post(source, issued.token(), partialBody);
        assertEquals("duplicate", outcomes(partialAgain, List.of(aOver, b, c)).get(a.summary()), "a retried resolve adds nothing");
        assertEquals(stillOpen.timeline.size(), incident(id).timeline.size());

        // The last two are over: each says so, and the incident is resolved when the last ended.
        clock.advance(Duration.ofMinutes(5));
        Instant end = clock.instant().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Alert bOver = b.resolvedAt(end.minus(1, ChronoUnit.MINUTES));
        Alert cOver = c.resolvedAt(end);
        Response last = post(source, issued.token(), notification(kind, group, List.of(aOver, bOver, cOver)));
        assertEquals(Map.of(a.summary(), "duplicate", b.summary(), "resolved", c.summary(), "resolved"),
                outcomes(last, List.of(aOver, bOver, cOver)));
        Incident resolved = incident(id);
        assertEquals(IncidentStatus.RESOLVED, resolved.status);
        assertEquals(end, resolved.resolvedAt, "the last alert's end");
        assertEquals(3, countStartingWith(resolved, "Resolved by alert from " + source.name), "one entry per resolved alert");

        // The group fires again after its incident was resolved: a new incident, not an entry on a closed one.
        clock.advance(Duration.ofMinutes(30));
        Alert again = new Alert(fingerprint(), "Disk full on db-4", clock.instant().minus(1, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS), null);
        Response later = post(source, issued.token(), notification(kind, group, List.of(again)));
        assertEquals(Map.of(again.summary(), "opened"), outcomes(later, List.of(again)));
        assertNotEquals(id, incidentIds(later).get(0));
        assertEquals(3, countStartingWith(incident(id), "Resolved by alert"), "the resolved incident is left as it was");

        List<AlertDelivery> log = deliveries(source.id);
        assertEquals(2, log.stream().map(d -> d.incidentId).distinct().count(), "two incidents in all");
        assertTrue(log.stream().anyMatch(d -> d.outcome == AlertDelivery.Outcome.ADDED));
    }

    @Test
    @DisplayName("alerts of different groups open different incidents, and a resolve never seen firing goes on its group's incident")
    void groupsAreSeparateAndNoResolveIsLost() {
        AlertSources.Issued issued = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV3, "");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Alert web = new Alert(fingerprint(), "Disk full on web-1", now.minus(5, ChronoUnit.MINUTES), null);
        Alert db = new Alert(fingerprint(), "Disk full on db-9", now.minus(5, ChronoUnit.MINUTES), null);
        long webIncident = incidentIds(post(issued.source(), issued.token(),
                notification(AlertKind.ALERTMANAGER, "{}:{team=\"web\"}" + UUID.randomUUID(), List.of(web)))).get(0);
        String dbGroup = "{}:{team=\"db\"}" + UUID.randomUUID();
        long dbIncident = incidentIds(post(issued.source(), issued.token(),
                notification(AlertKind.ALERTMANAGER, dbGroup, List.of(db)))).get(0);
        assertNotEquals(webIncident, dbIncident);

        // An alert of the db group whose firing never reached Hindsight ends: said on the db group's open incident.
        Alert missed = new Alert(fingerprint(), "Disk full on db-7", now.minus(4, ChronoUnit.MINUTES), now.minus(1, ChronoUnit.MINUTES));
        Response answer = post(issued.source(), issued.token(), notification(AlertKind.ALERTMANAGER, dbGroup, List.of(db, missed)));
        assertEquals(Map.of(db.summary(), "duplicate", missed.summary(), "resolved"), outcomes(answer, List.of(db, missed)));
        Incident dbNow = incident(dbIncident);
        assertEquals(IncidentStatus.INVESTIGATING, dbNow.status, "db-9 still fires");
        assertTrue(dbNow.timeline.stream().anyMatch(e -> e.description.startsWith("Resolved by alert") && e.description.contains("db-7")));
        assertEquals(1, incident(webIncident).timeline.size(), "the other group's incident is untouched");
    }

    @Test
    @DisplayName("Grafana without a groupKey: each alert is its own incident, as before")
    void grafanaWithoutAGroupKeyOpensOnePerAlert() {
        AlertSources.Issued issued = Alerts.source(AlertKind.GRAFANA, Severity.SEV3, "");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Alert> alerts = new ArrayList<>(List.of(new Alert(fingerprint(), "Disk full on a", now.minusSeconds(60), null),
                new Alert(fingerprint(), "Disk full on b", now.minusSeconds(30), null)));
        Response answer = post(issued.source(), issued.token(), notification(AlertKind.GRAFANA, null, alerts));
        assertEquals(Map.of("Disk full on a", "opened", "Disk full on b", "opened"), outcomes(answer, alerts));
        assertEquals(2, incidentIds(answer).size());
    }

    @Test
    @DisplayName("a storm: 600 alerts of one group in one notification open one incident and lose none; all over in the "
            + "next one resolves it")
    void aStormOfAlertsIsOneIncidentAndNoneIsLost() {
        AlertSources.Issued issued = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV2, "");
        String group = "{}:{alertname=\"PodCrashLooping\", run=\"" + UUID.randomUUID() + "\"}";
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Alert> firing = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            firing.add(new Alert(fingerprint(), "Pod api-" + i + " crash looping", now.minusSeconds(600 - i), null));
        }
        long started = System.nanoTime();
        Response storm = post(issued.source(), issued.token(), notification(AlertKind.ALERTMANAGER, group, firing));
        long firingMillis = (System.nanoTime() - started) / 1_000_000;
        Map<String, String> outcomes = outcomes(storm, firing);
        assertEquals("opened", outcomes.get("Pod api-0 crash looping"), "the earliest opens the incident");
        assertEquals(599, outcomes.values().stream().filter("added"::equals).count(), outcomes::toString);
        assertEquals(1, incidentIds(storm).size(), "one incident for the group");
        long id = incidentIds(storm).get(0);
        Incident opened = incident(id);
        for (Alert alert : firing) {
            assertTrue(opened.timeline.stream().anyMatch(e -> e.description.contains(alert.summary())), alert.summary());
        }

        clock.advance(Duration.ofMinutes(10));
        Instant end = clock.instant().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<Alert> over = firing.stream().map(a -> a.resolvedAt(end)).toList();
        started = System.nanoTime();
        Response allOver = post(issued.source(), issued.token(), notification(AlertKind.ALERTMANAGER, group, over));
        long resolvedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(outcomes(allOver, over).values().stream().allMatch("resolved"::equals));
        Incident resolved = incident(id);
        assertEquals(IncidentStatus.RESOLVED, resolved.status, "the last alert of the group is over");
        assertEquals(end, resolved.resolvedAt);
        assertEquals(1200, deliveries(issued.source().id).size(), "every alert of both notifications is in the log");
        System.out.printf("alert storm of %d: firing %d ms, resolved %d ms%n", firing.size(), firingMillis, resolvedMillis);
    }

    @Test
    @DisplayName("a tool's title with direction controls opens its incident without them, rather than being refused")
    void directionControlsFromAToolAreLeftOut() {
        AlertSources.Issued issued = Alerts.source(AlertKind.ALERTMANAGER, Severity.SEV3, "");
        Alert alert = new Alert(fingerprint(), "Disk full on \u202Eexe.txt\u202C host", clock.instant().minusSeconds(60)
                .truncatedTo(ChronoUnit.SECONDS), null);
        Response answer = post(issued.source(), issued.token(), notification(AlertKind.ALERTMANAGER,
                "{}:{run=\"" + UUID.randomUUID() + "\"}", List.of(alert)));
        assertEquals(Map.of(alert.summary(), "opened"), outcomes(answer, List.of(alert)));
        assertEquals("Disk full on exe.txt host", incident(incidentIds(answer).get(0)).title);
    }
}
