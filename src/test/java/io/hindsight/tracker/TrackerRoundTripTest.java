package io.hindsight.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import io.hindsight.PortalClient;
import io.hindsight.TestPublicAddress;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItems;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An action item round-trips with GitHub and Jira, played by {@link TrackerStandIn}: "Create issue" queues
 * the creation, the relay creates it once (also when the tracker is down for a while), the issue links
 * back to the portal, and closing or reopening it there moves the item here, by signed webhook or by
 * the poll. A webhook with a wrong signature changes nothing.
 */
@QuarkusTest
class TrackerRoundTripTest {

    static final String GITHUB_SECRET = "gh-webhook-secret-" + UUID.randomUUID();
    static final String JIRA_SECRET = "jira-webhook-secret-" + UUID.randomUUID();
    static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL portal;

    @Inject
    TrackerPoll poll;

    @Inject
    TrackerRelay relay;

    @Inject
    TrackerClient client;

    TrackerStandIn trackers;

    @BeforeEach
    void connect() {
        trackers = TrackerStandIn.shared();
        trackers.failNext(0, 503);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        Response github = admin.open("/admin/trackers").submit("/admin/trackers/github", Map.of(
                "apiBaseUrl", trackers.base(), "project", "acme/web", "token", trackers.githubToken, "webhookSecret", GITHUB_SECRET));
        assertEquals(303, github.statusCode(), github::asString);
        Response jira = admin.open("/admin/trackers").submit("/admin/trackers/jira", Map.of(
                "apiBaseUrl", trackers.base(), "project", "OPS", "accountEmail", trackers.jiraEmail, "token", trackers.jiraToken,
                "issueType", "Task", "doneCategory", "done", "webhookSecret", JIRA_SECRET));
        assertEquals(303, jira.statusCode(), jira::asString);
    }

    @Test
    void anItemRoundTripsWithGithub() {
        PortalClient editor = PortalClient.browser();
        long incident = Incidents.draftJson().create();
        ActionItems.Fields fields = ActionItems.draft().set("priority", "P1");
        long item = ActionItems.added(editor, incident, fields);
        String tab = ActionItems.tab(incident);
        assertTrue(editor.get(tab).asString().contains("Create GitHub issue"), "the button is there once GitHub is connected");

        Response pressed = editor.open(tab).submit(tab + "/" + item + "/issue", Map.of("tracker", "github"));
        assertEquals(303, pressed.statusCode(), pressed::asString);

        TrackerIssue issue = awaitCreated(item);
        TrackerStandIn.Issue upstream = trackers.issue(issue.externalKey);
        JsonNode sent = upstream.request;
        String link = TestPublicAddress.ADDRESS + "/incidents/" + incident + "/action-items/" + item;
        List<String> labels = new ArrayList<>();
        sent.path("labels").forEach(l -> labels.add(l.asText()));
        assertAll(
                () -> assertEquals(fields.get("title"), sent.path("title").asText()),
                () -> assertTrue(sent.path("body").asText().contains(link), "links back: " + sent.path("body").asText()),
                () -> assertTrue(sent.path("body").asText().contains("Priority: P1"), sent.path("body").asText()),
                () -> assertEquals(List.of("hindsight", "incident-" + incident, "p1"), labels),
                () -> assertEquals("acme/web", upstream.repository),
                () -> assertEquals(1, trackers.createdTitled(fields.get("title")).size(), "created once"),
                () -> assertTrue(issue.url.endsWith("/acme/web/issues/" + issue.externalKey), issue.url));
        String row = ActionItems.row(editor.get(tab).asString(), item);
        assertTrue(row.contains("GitHub #" + issue.externalKey + " — open"), row);

        trackers.setGithubState(issue.externalKey, "closed");
        String delivery = UUID.randomUUID().toString();
        HttpResponse<String> closed = trackers.sendGithub(uri(), GITHUB_SECRET, trackers.githubEvent(issue.externalKey, "closed"), delivery);
        assertEquals(200, closed.statusCode(), closed.body());
        assertEquals(ActionItem.Status.DONE, ActionItems.byId(item).status, "closed there, done here");
        assertTrue(ActionItems.row(editor.get(tab).asString(), item).contains("GitHub #" + issue.externalKey + " — closed"));

        // Reopened here by hand, then GitHub redelivers the old "closed": the same delivery changes nothing.
        ActionItems.setStatus(editor, incident, item, "OPEN", "");
        HttpResponse<String> again = trackers.sendGithub(uri(), GITHUB_SECRET, trackers.githubEvent(issue.externalKey, "closed"), delivery);
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(again.body().contains("duplicate"), again.body());
        assertEquals(ActionItem.Status.OPEN, ActionItems.byId(item).status);
        assertTrue(ActionItems.row(editor.get(tab).asString(), item).contains("closed in GitHub, still Open here"), "the mismatch shows");

        ActionItems.setStatus(editor, incident, item, "DONE", "");
        trackers.setGithubState(issue.externalKey, "open");
        HttpResponse<String> reopened = trackers.sendGithub(uri(), GITHUB_SECRET, trackers.githubEvent(issue.externalKey, "reopened"),
                UUID.randomUUID().toString());
        assertEquals(200, reopened.statusCode(), reopened.body());
        assertEquals(ActionItem.Status.OPEN, ActionItems.byId(item).status, "reopened there, open here");
    }

    @Test
    void aWebhookWithAWrongSignatureChangesNothing() {
        PortalClient editor = PortalClient.browser();
        long incident = Incidents.draftJson().create();
        long item = ActionItems.added(editor, incident, ActionItems.draft());
        editor.open(ActionItems.tab(incident)).submit(ActionItems.tab(incident) + "/" + item + "/issue", Map.of("tracker", "github"));
        TrackerIssue issue = awaitCreated(item);
        trackers.setGithubState(issue.externalKey, "closed");
        String body = trackers.githubEvent(issue.externalKey, "closed");

        HttpResponse<String> forged = trackers.sendGithub(uri(), "not-the-secret-at-all", body, UUID.randomUUID().toString());

        assertEquals(401, forged.statusCode(), forged.body());
        assertTrue(forged.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), forged.headers().toString());
        assertEquals(ActionItem.Status.OPEN, ActionItems.byId(item).status, "nothing changed");
        assertEquals(issue.syncedAt, issue(item).syncedAt, "the issue was not touched");
        assertFalse(issue(item).upstreamDone);

        HttpResponse<String> unknown = trackers.sendGithub(uri(), GITHUB_SECRET, "[1, 2, 3]", UUID.randomUUID().toString());
        assertEquals(400, unknown.statusCode(), unknown.body());

        String unrelated = body.replace("\"number\":" + issue.externalKey, "\"number\":999999");
        HttpResponse<String> ignored = trackers.sendGithub(uri(), GITHUB_SECRET, unrelated, UUID.randomUUID().toString());
        assertEquals(202, ignored.statusCode(), ignored.body());
        assertEquals(ActionItem.Status.OPEN, ActionItems.byId(item).status);
    }

    @Test
    void aTrackerThatIsDownGetsTheIssueOnceWhenItIsBack() {
        PortalClient editor = PortalClient.browser();
        long incident = Incidents.draftJson().create();
        ActionItems.Fields fields = ActionItems.draft();
        long item = ActionItems.added(editor, incident, fields);
        trackers.failNext(3, 503);
        int callsBefore = trackers.createCalls();

        long started = System.nanoTime();
        Response pressed = editor.open(ActionItems.tab(incident)).submit(ActionItems.tab(incident) + "/" + item + "/issue",
                Map.of("tracker", "github"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(303, pressed.statusCode());
        assertTrue(took.toMillis() < 5_000, "the page did not wait for the tracker: " + took);
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> TrackerRequest.count("actionItemId", item)),
                "queued in the request's own transaction");

        TrackerIssue issue = awaitCreated(item);
        TrackerRequest request = QuarkusTransaction.requiringNew().call(
                () -> TrackerRequest.<TrackerRequest>find("actionItemId", item).singleResult());
        assertAll(
                () -> assertEquals(TrackerRequest.Status.DELIVERED, request.status),
                () -> assertEquals(4, request.attempts, "three 503s, then created"),
                () -> assertTrue(trackers.createCalls() - callsBefore >= 4),
                () -> assertEquals(1, trackers.createdTitled(fields.get("title")).size(), "created exactly once"),
                () -> assertFalse(issue.externalKey.isBlank()));
    }

    @Test
    void aRefusedCreationIsKeptWithItsReasonAndCanBeReplayed() {
        PortalClient editor = PortalClient.browser();
        long incident = Incidents.draftJson().create();
        long item = ActionItems.added(editor, incident, ActionItems.draft());
        trackers.failNext(1, 422);

        editor.open(ActionItems.tab(incident)).submit(ActionItems.tab(incident) + "/" + item + "/issue", Map.of("tracker", "github"));

        TrackerRequest failed = await(() -> QuarkusTransaction.requiringNew().call(
                () -> TrackerRequest.<TrackerRequest>find("actionItemId", item).singleResult()), r -> r.status == TrackerRequest.Status.FAILED);
        assertEquals(1, failed.attempts, "a 4xx is not retried");
        assertTrue(failed.lastError.startsWith("HTTP 422"), failed.lastError);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        assertTrue(admin.get("/admin/trackers").asString().contains(failed.lastError), "the reason is visible to admins");

        Response replayed = admin.open("/admin/trackers").submit("/admin/trackers/replay", Map.of("request", String.valueOf(failed.id)));
        assertEquals(303, replayed.statusCode());
        assertFalse(awaitCreated(item).externalKey.isBlank());
    }

    @Test
    void aJiraIssueComesBackDoneByThePollAndByASignedWebhook() {
        PortalClient editor = PortalClient.browser();
        long incident = Incidents.draftJson().create();
        ActionItems.Fields fields = ActionItems.draft();
        long item = ActionItems.added(editor, incident, fields);
        editor.open(ActionItems.tab(incident)).submit(ActionItems.tab(incident) + "/" + item + "/issue", Map.of("tracker", "jira"));

        TrackerIssue issue = awaitCreated(item);
        JsonNode sent = trackers.issue(issue.externalKey).request.path("fields");
        assertAll(
                () -> assertTrue(issue.externalKey.startsWith("OPS-"), issue.externalKey),
                () -> assertEquals(fields.get("title"), sent.path("summary").asText()),
                () -> assertEquals("Task", sent.path("issuetype").path("name").asText()),
                () -> assertTrue(TrackerStandIn.isAdf(sent.path("description")), "the description is an Atlassian document"),
                () -> assertTrue(sent.path("description").toString().contains(TestPublicAddress.ADDRESS + "/incidents/" + incident
                        + "/action-items/" + item), sent.path("description").toString()),
                () -> assertEquals(trackers.base() + "/browse/" + issue.externalKey, issue.url));

        // No webhook reaches the portal: the poll reads the state.
        trackers.setJiraStatus(issue.externalKey, "Done", "done");
        poll.pollOnce();
        assertEquals(ActionItem.Status.DONE, ActionItems.byId(item).status, "done in Jira, done here");
        assertTrue(ActionItems.row(editor.get(ActionItems.tab(incident)).asString(), item).contains(issue.externalKey + " — Done"));

        trackers.setJiraStatus(issue.externalKey, "In Progress", "indeterminate");
        HttpResponse<String> moved = trackers.sendJira(uri(), JIRA_SECRET, trackers.jiraEvent(issue.externalKey), UUID.randomUUID().toString());
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(ActionItem.Status.OPEN, ActionItems.byId(item).status, "back in progress there, open here");

        HttpResponse<String> forged = trackers.sendJira(uri(), "wrong-secret-wrong-secret", trackers.jiraEvent(issue.externalKey),
                UUID.randomUUID().toString());
        assertEquals(401, forged.statusCode());
    }

    @Test
    void anIssueCreatedAfterItsLeaseRanOutIsKeptOnTheItem() {
        PortalClient editor = PortalClient.browser();
        long incident = Incidents.draftJson().create();
        long item = ActionItems.added(editor, incident, ActionItems.draft());
        // A creation another pass has claimed again since (attempt 2), held out of the background relay's way.
        long row = QuarkusTransaction.requiringNew().call(() -> {
            var em = TrackerIssue.getEntityManager();
            em.createNativeQuery("INSERT INTO tracker_issue (action_item_id, kind, requested_at) VALUES (?1, 'GITHUB', now())")
                    .setParameter(1, item).executeUpdate();
            return ((Number) em.createNativeQuery("""
                            INSERT INTO tracker_outbox (action_item_id, kind, payload, attempts, next_attempt_at, lease_until, created_at)
                            VALUES (?1, 'GITHUB', '{}', 2, now() + interval '100 years', now() + interval '100 years', now()) RETURNING id""")
                    .setParameter(1, item).getSingleResult()).longValue();
        });
        TrackerConnection connection = QuarkusTransaction.requiringNew().call(() -> TrackerConnection.<TrackerConnection>findById(TrackerKind.GITHUB));
        TrackerRelay.Claim stale = new TrackerRelay.Claim(row, 1, item, connection, "{}");
        String key = String.valueOf(900_000 + item);
        TrackerClient.Issue upstream = new TrackerClient.Issue(key, trackers.base() + "/acme/web/issues/" + key, "open", false);

        TrackerRequest.Status status = QuarkusTransaction.requiringNew().call(() -> relay.record(stale, TrackerClient.Outcome.done(201, upstream)));

        assertEquals(TrackerRequest.Status.DELIVERED, status);
        assertEquals(key, issue(item).externalKey, "the issue created upstream is on the item, not orphaned");
        TrackerRequest current = QuarkusTransaction.requiringNew().call(() -> TrackerRequest.<TrackerRequest>findById(row));
        assertEquals(2, current.attempts, "the newer claim still owns the row");
        assertEquals(TrackerRequest.Status.PENDING, current.status);

        TrackerClient.Issue other = new TrackerClient.Issue(String.valueOf(800_000 + item), null, "open", false);
        QuarkusTransaction.requiringNew().call(() -> relay.record(stale, TrackerClient.Outcome.done(201, other)));
        assertEquals(key, issue(item).externalKey, "a late outcome never replaces an issue the item has");
    }

    @Test
    void onlyHttpLinksAreKeptFromTheTrackersAnswer() {
        assertAll(
                () -> assertEquals("https://github.com/acme/web/issues/7", TrackerClient.webUrl("https://github.com/acme/web/issues/7")),
                () -> assertEquals(null, TrackerClient.webUrl("javascript:alert(document.cookie)")),
                () -> assertEquals(null, TrackerClient.webUrl("data:text/html,<script>alert(1)</script>")),
                () -> assertEquals(null, TrackerClient.webUrl("//evil.example/x")),
                () -> assertEquals(null, TrackerClient.webUrl(null)));
    }

    @Test
    void aHugeAnswerIsNotReadInFull() throws Exception {
        // A well-formed issue padded past the bound: read in full it would parse; bounded, it is cut short and refused.
        byte[] huge = ("{\"number\":7,\"state\":\"open\",\"pad\":\"" + "a".repeat(TrackerClient.MAX_BODY + 1024) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(201, huge.length);
                exchange.getResponseBody().write(huge);
            } catch (java.io.IOException closedByTheClient) {
                // expected once the client stops reading
            }
        });
        server.start();
        try {
            TrackerConnection connection = new TrackerConnection();
            connection.kind = TrackerKind.GITHUB;
            connection.apiBaseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
            connection.project = "acme/web";
            connection.token = "t";
            long started = System.nanoTime();
            TrackerClient.Outcome outcome = client.create(connection, "{}");
            assertEquals(TrackerClient.Verdict.FAILED, outcome.verdict(), outcome.reason());
            assertTrue(outcome.reason().contains("not an issue"), outcome.reason());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "stops reading at once");
        } finally {
            server.stop(0);
        }
    }

    // -----------------------------------------------------------------------------------------------

    private URI uri() {
        try {
            return portal.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static TrackerIssue issue(long item) {
        return QuarkusTransaction.requiringNew().call(() -> TrackerIssue.<TrackerIssue>findById(item));
    }

    static TrackerIssue awaitCreated(long item) {
        return await(() -> issue(item), i -> i != null && i.externalKey != null);
    }

    static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                fail("still not there after " + WAIT + ": " + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
            last = read.get();
        }
        return last;
    }
}
