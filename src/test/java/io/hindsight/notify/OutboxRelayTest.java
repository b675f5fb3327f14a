package io.hindsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.hindsight.PortalClient;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.WebhookStandIn.Answer;
import io.hindsight.notify.WebhookStandIn.Hook;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hindsight.notify.Notifications.awaitAttempts;
import static io.hindsight.notify.Notifications.awaitStatus;
import static io.hindsight.notify.Notifications.destination;
import static io.hindsight.notify.Notifications.onlyRow;
import static io.hindsight.notify.Notifications.row;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay against a real HTTP stand-in for Slack (SECURITY F23–F24): what counts as delivered,
 * what is retried and when, what fails for good and stays replayable, and that several relays at
 * once deliver each message once. Test settings: relay every second (the scheduler's
 * shortest interval; commits wake it at once anyway), pacing 1 s (as in production), backoff from
 * 100 ms up to 1 s, read timeout 2 s, lease 10 s.
 */
@QuarkusTest
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    TestClock clock;

    @Inject
    OutboxRelay relay;

    @Inject
    Outbox outbox;

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

    @Test
    void okIsDeliveredOnceWithTextAndBlocks() {
        Hook hook = slack.hook();
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        long incidentId = Incidents.draftJson().title("Payments failing").create();

        OutboxMessage delivered = awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.DELIVERED, WAIT);
        passes(3);

        assertEquals(1, hook.count(), "delivered exactly once");
        SlackStandIn.Received received = hook.received().get(0);
        JsonNode json = received.json();
        assertAll(
                () -> assertEquals(1, delivered.attempts),
                () -> assertNotNull(delivered.deliveredAt),
                () -> assertNull(delivered.leaseUntil),
                () -> assertTrue(received.contentType().startsWith("application/json"), received.contentType()),
                () -> assertTrue(json.path("text").asText().contains("SEV2 incident declared: Payments failing"), json.toString()),
                () -> assertEquals("header", json.path("blocks").get(0).path("type").asText()),
                () -> assertEquals("SEV2 incident declared: Payments failing", json.path("blocks").get(0).path("text").path("text").asText()),
                () -> assertTrue(json.toString().contains("*Severity*\\nSEV2 · Major"), "severity field"),
                () -> assertTrue(json.toString().contains("*Status*\\nInvestigating"), "status field"),
                () -> assertTrue(json.toString().contains("*Duration*\\nongoing for 3 h"), "duration field"),
                () -> assertEquals("https://hindsight.test.example/incidents/" + incidentId, lastBlock(json).path("elements").get(0).path("url").asText()));
    }

    @Test
    void rateLimitedWaitsForRetryAfterThenDeliversOnce() {
        Hook hook = slack.hook().answer(Answer.tooManyRequests(2));
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        Incidents.draftJson().create();
        long id = onlyRow(destination.id).id;

        OutboxMessage limited = awaitAttempts(id, 1, WAIT);
        assertEquals(OutboxMessage.Status.PENDING, limited.status);
        Duration wait = Duration.between(limited.lastAttemptAt, limited.nextAttemptAt);
        assertTrue(wait.compareTo(Duration.ofSeconds(2)) >= 0 && wait.compareTo(Duration.ofMillis(2500)) < 0,
                "the next attempt is Retry-After after the answer, got " + wait);
        assertTrue(limited.lastError.contains("HTTP 429"), limited.lastError);

        // Relays keep running, but nothing goes out before the two seconds are over.
        for (int i = 0; i < 5; i++) {
            relay.relayOnce();
        }
        assertEquals(1, hook.count(), "no second request before Retry-After");

        clock.advance(Duration.ofSeconds(2));
        OutboxMessage delivered = awaitStatus(id, OutboxMessage.Status.DELIVERED, WAIT);
        passes(3);

        List<SlackStandIn.Received> received = hook.received();
        assertEquals(2, received.size(), "one refused, one delivered");
        assertEquals(2, delivered.attempts);
        assertTrue(Duration.between(received.get(0).at(), received.get(1).at()).compareTo(Duration.ofSeconds(2)) >= 0,
                "the retry came at least 2 s (application time) after the 429");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilDelivered() {
        Hook hook = slack.hook().answer(Answer.status(500, "internal_error"), Answer.status(503, "service_unavailable"),
                Answer.status(500, "internal_error"));
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        Incidents.draftJson().create();

        OutboxMessage delivered = awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.DELIVERED, WAIT);
        passes(3);

        assertEquals(4, delivered.attempts, "delivered on the fourth attempt");
        assertEquals(4, hook.count());
        assertEquals("HTTP 500: internal_error", delivered.lastError, "the last failure stays readable");
    }

    @Test
    void backoffDoublesWithJitterUpToTheMaximum() {
        // Test settings: base 100 ms, maximum 1 s.
        for (int i = 0; i < 200; i++) {
            long first = relay.backoff(1).toMillis();
            long third = relay.backoff(3).toMillis();
            long late = relay.backoff(30).toMillis();
            assertTrue(first >= 50 && first <= 100, "first retry " + first);
            assertTrue(third >= 200 && third <= 400, "third retry " + third);
            assertTrue(late >= 500 && late <= 1000, "capped " + late);
        }
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            distinct.add(relay.backoff(4).toMillis());
        }
        assertTrue(distinct.size() > 5, "jitter spreads retries: " + distinct);
    }

    @Test
    void aRefusalFailsAtOnceAndIsNotRetried() {
        Hook hook = slack.hook().answer(Answer.status(400, "invalid_payload"));
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        Incidents.draftJson().create();

        OutboxMessage failed = awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.FAILED, WAIT);
        clock.advance(Duration.ofHours(1));
        passes(5);

        assertEquals(1, hook.count(), "a refusal is not retried");
        assertEquals(1, row(failed.id).attempts);
        assertEquals("HTTP 400: invalid_payload", row(failed.id).lastError);
        assertEquals(OutboxMessage.Status.FAILED, row(failed.id).status, "kept, not deleted");
    }

    @Test
    void otherRefusalsAndOddAnswersFailToo() {
        for (Answer answer : List.of(Answer.status(404, "no_service"), Answer.status(403, "action_prohibited"),
                Answer.status(410, "channel_is_archived"), Answer.status(200, "<html>proxy login</html>"))) {
            Hook hook = slack.hook().answer(answer);
            SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
            Incidents.draftJson().create();
            OutboxMessage failed = awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.FAILED, WAIT);
            assertEquals(1, hook.count());
            assertTrue(failed.lastError.startsWith("HTTP "), failed.lastError);
            Notifications.disableEveryDestination();
        }
    }

    @Test
    void transientFailuresGiveUpAfterMaxAttemptsAndKeepTheReason() {
        Hook hook = slack.hook().otherwise(Answer.status(502, "bad_gateway"));
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        Notifications.hold(destination.id);
        Incidents.draftJson().create();
        long id = onlyRow(destination.id).id;
        // As if it had been tried 19 times already.
        QuarkusTransaction.requiringNew().run(() -> OutboxMessage.update("attempts = 19 WHERE id = ?1", id));
        Notifications.release(destination.id);

        OutboxMessage failed = awaitStatus(id, OutboxMessage.Status.FAILED, WAIT);

        assertEquals(20, failed.attempts);
        assertEquals("gave up after 20 attempts: HTTP 502: bad_gateway", failed.lastError);
        assertEquals(1, hook.count());
    }

    @Test
    void anUnreachableWebhookIsRetriedUntilItAnswers() {
        int port = SlackStandIn.closedPort();
        String url = "http://127.0.0.1:" + port + "/services/T0/B0/" + Incidents.shortId();
        SlackDestination destination = Notifications.destination("#down", url, EventKey.INCIDENT_DECLARED);
        Incidents.draftJson().create();
        long id = onlyRow(destination.id).id;

        OutboxMessage failing = awaitAttempts(id, 3, WAIT);
        assertEquals(OutboxMessage.Status.PENDING, failing.status, "still queued while nobody answers");
        assertTrue(failing.lastError.startsWith("could not connect"), failing.lastError);

        SlackStandIn revived = SlackStandIn.startOn(port, clock);
        try {
            Hook hook = revived.hook(url);
            OutboxMessage delivered = awaitStatus(id, OutboxMessage.Status.DELIVERED, WAIT);
            passes(3);
            assertEquals(1, hook.count(), "delivered once it came up");
            assertTrue(delivered.attempts > 3);
        } finally {
            revived.stop();
        }
    }

    @Test
    void relaysRacingForTheSameMessagesDeliverEachOnce() throws Exception {
        int destinations = 4;
        int perDestination = 3;
        List<Hook> hooks = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int d = 0; d < destinations; d++) {
            // Slow answers widen the window in which a second relay could take the same message.
            Hook hook = slack.hook().otherwise(Answer.slowOk(Duration.ofMillis(30)));
            SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
            Notifications.hold(destination.id);
            hooks.add(hook);
            ids.add(destination.id);
        }
        for (int i = 0; i < perDestination; i++) {
            Incidents.draftJson().create();
        }
        ids.forEach(Notifications::release);

        // Two relays in parallel, besides the scheduled one, until everything is out.
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> racers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                racers.add(threads.submit(() -> {
                    start.await();
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (System.nanoTime() < deadline && hooks.stream().mapToInt(Hook::count).sum() < destinations * perDestination) {
                        relay.relayOnce();
                    }
                    return null;
                }));
            }
            for (Future<?> racer : racers) {
                racer.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        for (long id : ids) {
            for (OutboxMessage message : Notifications.rows(id)) {
                awaitStatus(message.id, OutboxMessage.Status.DELIVERED, WAIT);
            }
        }
        passes(3);

        for (int d = 0; d < destinations; d++) {
            assertEquals(perDestination, hooks.get(d).count(), "each message once, destination " + d);
            for (OutboxMessage message : Notifications.rows(ids.get(d))) {
                assertEquals(1, message.attempts, "nobody claimed a message another relay held");
            }
        }
    }

    @Test
    void aMessageWhoseLeaseRanOutIsTakenOnceAndALiveLeaseIsLeftAlone() {
        Hook crashedHook = slack.hook();
        Hook busyHook = slack.hook();
        SlackDestination crashed = destination(crashedHook, EventKey.INCIDENT_DECLARED);
        SlackDestination busy = destination(busyHook, EventKey.INCIDENT_DECLARED);
        Notifications.hold(crashed.id);
        Notifications.hold(busy.id);
        Incidents.draftJson().create();
        long orphan = onlyRow(crashed.id).id;
        long held = onlyRow(busy.id).id;
        Instant now = clock.instant();
        // An instance claimed the first and stopped before recording anything; another is sending the second right now.
        QuarkusTransaction.requiringNew().run(() -> {
            OutboxMessage.update("attempts = 1, lastAttemptAt = ?1, leaseUntil = ?2 WHERE id = ?3",
                    now.minusSeconds(11), now.minusSeconds(1), orphan);
            OutboxMessage.update("attempts = 1, lastAttemptAt = ?1, leaseUntil = ?2 WHERE id = ?3",
                    now, now.plusSeconds(30), held);
        });
        Notifications.release(crashed.id);
        Notifications.release(busy.id);

        OutboxMessage recovered = awaitStatus(orphan, OutboxMessage.Status.DELIVERED, WAIT);
        for (int i = 0; i < 5; i++) {
            relay.relayOnce();
        }

        assertEquals(2, recovered.attempts);
        assertEquals(1, crashedHook.count(), "the orphan is delivered exactly once");
        assertEquals(0, busyHook.count(), "a live lease is respected");
        assertEquals(OutboxMessage.Status.PENDING, row(held).status);

        clock.advance(Duration.ofSeconds(31));
        awaitStatus(held, OutboxMessage.Status.DELIVERED, WAIT);
        assertEquals(1, busyHook.count());
    }

    @Test
    void messagesToOneWebhookArePaced() {
        Hook hook = slack.hook();
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        Notifications.hold(destination.id);
        for (int i = 0; i < 3; i++) {
            Incidents.draftJson().create();
        }
        Notifications.release(destination.id);

        List<SlackStandIn.Received> received = hook.awaitCount(3, WAIT);

        // Claims (application clock) are at least the 1 s pacing apart, by construction.
        List<OutboxMessage> rows = Notifications.rows(destination.id);
        for (int i = 1; i < rows.size(); i++) {
            long gap = Duration.between(rows.get(i - 1).lastAttemptAt, rows.get(i).lastAttemptAt).toMillis();
            assertTrue(gap >= 1000, "claims of one webhook are at least the pacing apart, got " + gap + " ms");
        }
        // And so, give or take the network, are the arrivals.
        for (int i = 1; i < received.size(); i++) {
            long gap = Duration.between(received.get(i - 1).at(), received.get(i).at()).toMillis();
            assertTrue(gap >= 100, "messages to one webhook arrive paced, got " + gap + " ms apart");
        }
    }

    @Test
    void noRequestWaitsForSlack() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Hook hook = slack.hook().otherwise(Answer.hangUntil(release));
        destination(hook, EventKey.INCIDENT_DECLARED);
        try {
            Incidents.draftJson().create();
            SlackStandIn.await(() -> hook.inFlight() > 0, WAIT, () -> "the relay should be stuck in Slack by now");

            long started = System.nanoTime();
            Response created = PortalClient.api().body(Incidents.draftJson().body()).post(Incidents.API);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertEquals(201, created.statusCode());
            assertTrue(hook.inFlight() > 0, "the stand-in was still hanging when the request was answered");
            assertTrue(tookMs < 1500, "creating an incident took " + tookMs + " ms while Slack hung (read timeout is 2 s)");
            // A page too (signed in first: the sign-in's bcrypt is not what is measured).
            PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
            long pageStarted = System.nanoTime();
            viewer.get("/incidents").then().statusCode(200);
            assertTrue(hook.inFlight() > 0);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pageStarted) < 1500);
        } finally {
            release.countDown();
        }
    }

    @Test
    void theRelayGivesUpWaitingAfterTheReadTimeoutAndRetries() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Hook hook = slack.hook().answer(Answer.hangUntil(release));
        SlackDestination destination = destination(hook, EventKey.INCIDENT_DECLARED);
        try {
            Incidents.draftJson().create();
            long id = onlyRow(destination.id).id;
            OutboxMessage timedOut = awaitAttempts(id, 1, WAIT);
            assertEquals(OutboxMessage.Status.PENDING, timedOut.status);
            assertEquals("no answer within 2 s", timedOut.lastError);
            assertTrue(hook.inFlight() > 0, "the stand-in had not answered");

            OutboxMessage delivered = awaitStatus(id, OutboxMessage.Status.DELIVERED, WAIT);
            assertEquals(2, delivered.attempts);
        } finally {
            release.countDown();
        }
    }

    private void passes(int n) {
        for (int i = 0; i < n; i++) {
            relay.relayOnce();
        }
    }

    private static JsonNode lastBlock(JsonNode json) {
        JsonNode blocks = json.path("blocks");
        return blocks.get(blocks.size() - 1);
    }
}
