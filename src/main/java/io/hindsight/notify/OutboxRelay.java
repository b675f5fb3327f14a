package io.hindsight.notify;

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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Delivers the outbox (SECURITY F23–F24). A pass claims due messages in a short transaction, at most
 * one per destination whose pacing allows it, with {@code SKIP LOCKED} row locks and a lease; posts
 * them with no transaction open; then records each outcome in another short transaction, fenced by
 * the attempt number so that a relay whose lease ran out cannot overwrite a newer claim. Any number
 * of instances may run passes at once.
 *
 * <p>Retries: 429 waits for {@code Retry-After} (and holds the whole webhook that long); 5xx, 408,
 * timeouts and connection errors back off exponentially with jitter, up to
 * {@code hindsight.notify.max-attempts}; anything else fails at once with the answer as reason.
 * Failed messages are kept and can be replayed.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** A Retry-After is honoured up to this; a longer one is more likely a misconfigured proxy than Slack. */
    static final Duration RETRY_AFTER_CEILING = Duration.ofHours(1);

    /** A message this relay owns until its lease ends. */
    record Claim(long id, int attempt, long destinationId, String destinationName, String webhookUrl, String payload) {
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
    SlackWebhook webhook;

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
     * blocks the caller; wakes that arrive while one is queued are folded into it.
     */
    public void wake() {
        runSoon(wakeQueued, Duration.ZERO);
    }

    /** After a pass that sent something, another one once pacing allows: a backlog drains at the paced rate, not per tick. */
    private void followUp() {
        runSoon(followUpQueued, config.pacing());
    }

    private void runSoon(AtomicBoolean queued, Duration delay) {
        if (queued.compareAndSet(false, true)) {
            try {
                wakeThread.schedule(() -> {
                    queued.set(false);
                    relayOnce();
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                queued.set(false);
            }
        }
    }

    /**
     * One pass: claim, send, record. Safe to call from any thread, any number of times at once, on
     * any number of instances. Takes at most about connect + read timeout.
     */
    public Pass relayOnce() {
        List<Claim> claims;
        try {
            claims = QuarkusTransaction.requiringNew().call(this::claim);
        } catch (RuntimeException e) {
            LOG.warnf("Could not claim notifications: %s", e.getMessage());
            return Pass.NOTHING;
        }
        if (claims.isEmpty()) {
            return Pass.NOTHING;
        }
        List<CompletableFuture<SlackWebhook.Outcome>> sending = new ArrayList<>();
        for (Claim claim : claims) {
            sending.add(webhook.post(claim.webhookUrl(), claim.payload()));
        }
        int delivered = 0, retrying = 0, failed = 0;
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            SlackWebhook.Outcome outcome = sending.get(i).join();
            try {
                OutboxMessage.Status status = QuarkusTransaction.requiringNew().call(() -> record(claim, outcome));
                switch (status) {
                    case DELIVERED -> delivered++;
                    case PENDING -> retrying++;
                    case FAILED -> failed++;
                }
            } catch (RuntimeException e) {
                // The lease runs out and the message is sent again: at least once, never lost.
                LOG.warnf("Could not record the outcome of %s: %s", claim, e.getMessage());
            }
        }
        followUp();
        return new Pass(claims.size(), delivered, retrying, failed);
    }

    /**
     * Locks destinations that may send now and are not being served by another relay, then one due
     * message of each. {@code NO KEY UPDATE} rather than {@code UPDATE}: it still keeps other relays
     * out, but does not make a transaction that inserts an outbox row (a user's request) wait for it.
     */
    @SuppressWarnings("unchecked")
    List<Claim> claim() {
        Instant now = clock.instant();
        List<Object[]> destinations = entityManager.createNativeQuery("""
                        SELECT d.id, d.name, d.webhook_url FROM slack_destination d
                        WHERE d.disabled_at IS NULL AND d.paced_until <= :now
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
        for (Object[] destination : destinations) {
            long destinationId = ((Number) destination[0]).longValue();
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
            entityManager.createNativeQuery("UPDATE slack_destination SET paced_until = :until WHERE id = :id")
                    .setParameter("until", now.plus(config.pacing()))
                    .setParameter("id", destinationId)
                    .executeUpdate();
            claims.add(new Claim(id, attempt, destinationId, (String) destination[1], (String) destination[2], (String) due.get(0)[2]));
        }
        return claims;
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
                // Slack limits the webhook, not the message: hold every message to it.
                entityManager.createNativeQuery("UPDATE slack_destination SET paced_until = GREATEST(paced_until, :until) WHERE id = :id")
                        .setParameter("until", next)
                        .setParameter("id", claim.destinationId())
                        .executeUpdate();
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
        switch (status) {
            case DELIVERED -> LOG.debugf("Delivered %s", claim);
            case FAILED -> LOG.infof("Failed %s: %s", claim, error);
            default -> LOG.debugf("Will retry %s at %s: %s", claim, next, error);
        }
        return status;
    }

    /** Exponential with "equal jitter": half the step for sure, the other half at random; never above the maximum. */
    Duration backoff(int attempt) {
        long base = config.backoff().base().toMillis();
        long max = config.backoff().max().toMillis();
        long step = base << Math.min(Math.max(attempt - 1, 0), 30);
        if (step <= 0 || step > max) {
            step = max;
        }
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
