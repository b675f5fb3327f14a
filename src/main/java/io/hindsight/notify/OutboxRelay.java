package io.hindsight.notify;

import io.hindsight.outbox.RetryBackoff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers the outbox (SECURITY F23–F24). A pass claims due messages in a short transaction, at most
 * one per webhook whose pacing allows it, with {@code SKIP LOCKED} row locks and a lease; posts
 * them with no transaction open; then records each outcome, as soon as it is in, in another short
 * transaction, fenced by the attempt number so that a relay whose lease ran out cannot overwrite a
 * newer claim. Any number of instances may run passes at once.
 *
 * <p>Pacing is per webhook address, not per destination: two destinations (say, one for every event
 * and one for SEV1 only) may post to the same webhook, and Slack allows one message per second per
 * webhook. A webhook is held while a message to it is in flight, and for {@code hindsight.notify.pacing}
 * after its answer, so consecutive messages arrive at least that far apart whatever the network does.
 * A slow or rate-limited webhook holds only itself.
 *
 * <p>Retries: 429 waits for {@code Retry-After} (and holds the whole webhook that long); 5xx, 408,
 * timeouts and connection errors back off exponentially with jitter, up to
 * {@code hindsight.notify.max-attempts}; anything else fails at once with the answer as reason.
 * Failed messages are kept and can be replayed. What counts as success depends on the destination's
 * {@link DestinationType}: each claim is posted by the client of its kind ({@link #webhookFor}).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** A Retry-After is honoured up to this; a longer one is more likely a misconfigured proxy than Slack. */
    static final Duration RETRY_AFTER_CEILING = Duration.ofHours(1);

    /** A message this relay owns until its lease ends. */
    record Claim(long id, int attempt, long destinationId, String destinationName, DestinationType type, String webhookUrl,
                 String payload) {
        @Override
        public String toString() {
            // Never the URL or the payload.
            return "delivery #" + id + " (attempt " + attempt + ") to destination #" + destinationId + " (" + destinationName + ")";
        }
    }

    /** What one pass did, for tests and logs. */
    public record Pass(int claimed, int delivered, int retrying, int failed) {
        static final Pass NOTHING = new Pass(0, 0, 0, 0);
    }

    @Inject
    NotifyConfig config;

    @Inject
    SlackWebhook slack;

    @Inject
    TeamsWebhook teams;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    private final ScheduledExecutorService wakeThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hindsight-notify-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicBoolean followUpQueued = new AtomicBoolean();

    void stop(@Observes ShutdownEvent event) {
        // Claimed but unrecorded messages keep their lease and are taken again once it ends.
        wakeThread.shutdownNow();
    }

    @Scheduled(every = "{hindsight.notify.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "notification-relay")
    void everyInterval() {
        relayOnce();
    }

    /**
     * Asks for a pass soon on the relay's own thread, after a commit wrote new messages. Never
     * blocks the caller (nor the relay's thread: it does not wait for the answers); wakes that
     * arrive while one is queued are folded into it.
     */
    public void wake() {
        runSoon(wakeQueued, Duration.ZERO);
    }

    /** After an answer, another pass once pacing allows: a backlog drains at the paced rate, not per tick. */
    private void followUp() {
        runSoon(followUpQueued, config.pacing());
    }

    private void runSoon(AtomicBoolean queued, Duration delay) {
        if (queued.compareAndSet(false, true)) {
            try {
                wakeThread.schedule(() -> {
                    queued.set(false);
                    dispatch();
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                queued.set(false);
            }
        }
    }

    /**
     * One pass: claim, send, record, and wait for all of it. Safe to call from any thread, any number
     * of times at once, on any number of instances. Takes at most about connect + read timeout.
     */
    public Pass relayOnce() {
        return dispatch().join();
    }

    /**
     * Claims and starts sending, without waiting: each outcome is recorded when its answer is in, so
     * a slow webhook never holds up the next message to another one. The future completes with
     * what the pass did, and never exceptionally.
     */
    CompletableFuture<Pass> dispatch() {
        List<Claim> claims;
        try {
            claims = QuarkusTransaction.requiringNew().call(this::claim);
        } catch (RuntimeException e) {
            LOG.warnf("Could not claim notifications: %s", e.getMessage());
            return CompletableFuture.completedFuture(Pass.NOTHING);
        }
        if (claims.isEmpty()) {
            return CompletableFuture.completedFuture(Pass.NOTHING);
        }
        List<CompletableFuture<OutboxMessage.Status>> recorded = new ArrayList<>();
        for (Claim claim : claims) {
            recorded.add(webhookFor(claim.type()).post(claim.webhookUrl(), claim.payload()).thenApply(outcome -> recordSafely(claim, outcome)));
        }
        return CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).handle((done, error) -> {
            int delivered = 0, retrying = 0, failed = 0;
            for (CompletableFuture<OutboxMessage.Status> one : recorded) {
                OutboxMessage.Status status = one.getNow(null);
                if (status == null) {
                    continue;
                }
                switch (status) {
                    case DELIVERED -> delivered++;
                    case PENDING -> retrying++;
                    case FAILED -> failed++;
                }
            }
            return new Pass(claims.size(), delivered, retrying, failed);
        });
    }

    /** The client that speaks the destination's kind of webhook. */
    ChatWebhook webhookFor(DestinationType type) {
        return type == DestinationType.TEAMS ? teams : slack;
    }

    /** Records one outcome and asks for the next pass; null when it could not be recorded. */
    private OutboxMessage.Status recordSafely(Claim claim, SlackWebhook.Outcome outcome) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> record(claim, outcome));
        } catch (RuntimeException e) {
            // The lease runs out and the message is sent again: at least once, never lost.
            LOG.warnf("Could not record the outcome of %s: %s", claim, e.getMessage());
            return null;
        } finally {
            followUp();
        }
    }

    /**
     * Locks destinations that may send now and are not being served by another relay, then one due
     * message of each, at most one per webhook address. {@code NO KEY UPDATE} rather than
     * {@code UPDATE}: it still keeps other relays out, but does not make a transaction that inserts an
     * outbox row (a user's request) wait for it. Destinations that share a webhook are kept apart by a
     * transaction-level advisory lock on the address, and all of them are held while it is in flight.
     */
    @SuppressWarnings("unchecked")
    List<Claim> claim() {
        Instant now = clock.instant();
        List<Object[]> destinations = entityManager.createNativeQuery("""
                        SELECT d.id, d.name, d.webhook_url, d.type FROM slack_destination d
                        WHERE d.disabled_at IS NULL AND d.paced_until <= :now
                          AND NOT EXISTS (SELECT 1 FROM slack_destination s
                                          WHERE s.webhook_url = d.webhook_url AND s.paced_until > :now)
                          AND EXISTS (SELECT 1 FROM notification_outbox o
                                      WHERE o.destination_id = d.id AND o.status = 'PENDING' AND o.next_attempt_at <= :now
                                        AND (o.lease_until IS NULL OR o.lease_until <= :now))
                        ORDER BY d.paced_until, d.id
                        LIMIT :batch
                        FOR NO KEY UPDATE SKIP LOCKED""")
                .setParameter("now", now)
                .setParameter("batch", config.batchSize())
                .getResultList();
        List<Claim> claims = new ArrayList<>();
        java.util.Set<String> webhooks = new java.util.HashSet<>();
        for (Object[] destination : destinations) {
            long destinationId = ((Number) destination[0]).longValue();
            String url = (String) destination[2];
            if (!webhooks.add(url) || !mayPost(url, now)) {
                continue;
            }
            List<Object[]> due = entityManager.createNativeQuery("""
                            SELECT o.id, o.attempts, o.payload FROM notification_outbox o
                            WHERE o.destination_id = :destination AND o.status = 'PENDING' AND o.next_attempt_at <= :now
                              AND (o.lease_until IS NULL OR o.lease_until <= :now)
                            ORDER BY o.id
                            LIMIT 1
                            FOR UPDATE SKIP LOCKED""")
                    .setParameter("destination", destinationId)
                    .setParameter("now", now)
                    .getResultList();
            if (due.isEmpty()) {
                continue;
            }
            long id = ((Number) due.get(0)[0]).longValue();
            int attempt = ((Number) due.get(0)[1]).intValue() + 1;
            entityManager.createNativeQuery("""
                            UPDATE notification_outbox SET attempts = :attempt, lease_until = :lease, last_attempt_at = :now
                            WHERE id = :id""")
                    .setParameter("attempt", attempt)
                    .setParameter("lease", now.plus(config.lease()))
                    .setParameter("now", now)
                    .setParameter("id", id)
                    .executeUpdate();
            // Held while in flight (at most the lease); the answer sets the pacing from when it came.
            pace(url, now.plus(config.lease()));
            DestinationType type = DestinationType.of((String) destination[3]).orElse(DestinationType.SLACK);
            claims.add(new Claim(id, attempt, destinationId, (String) destination[1], type, (String) destination[2],
                    (String) due.get(0)[2]));
        }
        return claims;
    }

    /**
     * Whether this transaction may post to {@code url} now: it holds the address's advisory lock (no
     * other relay is claiming for it) and no destination with this address is held or paced.
     */
    private boolean mayPost(String url, Instant now) {
        Object locked = entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext('hindsight-webhook'), hashtext(:url))")
                .setParameter("url", url).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return false;
        }
        Number held = (Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM slack_destination WHERE webhook_url = :url AND paced_until > :now")
                .setParameter("url", url).setParameter("now", now).getSingleResult();
        return held.longValue() == 0;
    }

    /** Holds every destination posting to {@code url} until {@code until}. */
    private void pace(String url, Instant until) {
        entityManager.createNativeQuery("UPDATE slack_destination SET paced_until = :until WHERE webhook_url = :url")
                .setParameter("until", until)
                .setParameter("url", url)
                .executeUpdate();
    }

    /** Writes the outcome if this relay still owns the claim (same attempt, still pending). */
    OutboxMessage.Status record(Claim claim, SlackWebhook.Outcome outcome) {
        Instant now = clock.instant();
        OutboxMessage.Status status;
        Instant next = null;
        String error = outcome.reason();
        switch (outcome.verdict()) {
            case DELIVERED -> status = OutboxMessage.Status.DELIVERED;
            case FAILED -> status = OutboxMessage.Status.FAILED;
            case RATE_LIMITED -> {
                status = OutboxMessage.Status.PENDING;
                Duration wait = outcome.retryAfter() != null ? min(outcome.retryAfter(), RETRY_AFTER_CEILING) : backoff(claim.attempt());
                next = now.plus(wait);
                error = outcome.reason() + " (Retry-After " + (outcome.retryAfter() == null ? "missing" : outcome.retryAfter().toSeconds() + " s") + ")";
            }
            default -> {
                if (claim.attempt() >= config.maxAttempts()) {
                    status = OutboxMessage.Status.FAILED;
                    error = "gave up after " + claim.attempt() + " attempts: " + outcome.reason();
                } else {
                    status = OutboxMessage.Status.PENDING;
                    next = now.plus(backoff(claim.attempt()));
                }
            }
        }
        String set = switch (status) {
            case DELIVERED -> "status = 'DELIVERED', delivered_at = :now";
            case FAILED -> "status = 'FAILED', last_error = :error";
            case PENDING -> "next_attempt_at = :next, last_error = :error";
        };
        var update = entityManager.createNativeQuery("UPDATE notification_outbox SET lease_until = NULL, " + set
                        + " WHERE id = :id AND attempts = :attempt AND status = 'PENDING'")
                .setParameter("id", claim.id())
                .setParameter("attempt", claim.attempt());
        switch (status) {
            case DELIVERED -> update.setParameter("now", now);
            case FAILED -> update.setParameter("error", error);
            case PENDING -> update.setParameter("next", next).setParameter("error", error);
        }
        int updated = update.executeUpdate();
        if (updated == 0) {
            LOG.warnf("%s finished after its lease ended and was claimed again; outcome %s not recorded", claim, outcome.verdict());
            return OutboxMessage.Status.PENDING;
        }
        // The webhook may take the next message a pacing interval after this answer; after a 429, not
        // before its Retry-After (Slack limits the webhook, not the message: every message to it waits).
        Instant until = now.plus(config.pacing());
        if (outcome.verdict() == SlackWebhook.Verdict.RATE_LIMITED && next != null && next.isAfter(until)) {
            until = next;
        }
        pace(claim.webhookUrl(), until);
        switch (status) {
            case DELIVERED -> LOG.debugf("Delivered %s", claim);
            case FAILED -> LOG.infof("Failed %s: %s", claim, error);
            default -> LOG.debugf("Will retry %s at %s: %s", claim, next, error);
        }
        return status;
    }

    /** The wait before the next attempt ({@link RetryBackoff}, hindsight.notify.backoff). */
    Duration backoff(int attempt) {
        return RetryBackoff.after(attempt, config.backoff().base(), config.backoff().max());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
