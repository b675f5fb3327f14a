package io.hindsight.tracker;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the tracker outbox, with the chat outbox's discipline: claim due rows in a short transaction
 * ({@code FOR UPDATE SKIP LOCKED}, a lease, the attempt number as fencing token), call the tracker
 * with no transaction open, record each outcome in another short transaction. Any number of
 * instances may run at once. 429s, 5xx, 408, timeouts and connection errors are retried with
 * exponential backoff and jitter (a Retry-After is honoured); any other answer is final, kept with
 * its reason for admins, and can be replayed. Rows are never deleted.
 */
@ApplicationScoped
public class TrackerRelay {

    private static final Logger LOG = Logger.getLogger(TrackerRelay.class);
    static final Duration RETRY_AFTER_CEILING = Duration.ofHours(1);
    static final int BATCH = 10;

    /** A creation this relay owns until its lease ends, with the connection as it was when claimed. */
    record Claim(long id, int attempt, long actionItemId, TrackerConnection connection, String payload) {
        @Override
        public String toString() {
            // Never the token or the payload.
            return "issue creation #" + id + " (attempt " + attempt + ") for action item " + actionItemId + " in " + connection.kind.label();
        }
    }

    /** What one pass did. */
    public record Pass(int claimed, int created, int retrying, int failed) {
    }

    @Inject
    TrackerConfig config;

    @Inject
    TrackerClient client;

    @Inject
    TrackerIssues issues;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    private final ExecutorService wakeThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "hindsight-tracker-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakeQueued = new AtomicBoolean();

    void stop(@Observes ShutdownEvent event) {
        wakeThread.shutdownNow();
    }

    @Scheduled(every = "{hindsight.trackers.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "tracker-relay")
    void everyInterval() {
        relayOnce();
    }

    /** A pass soon, on the relay's own thread; never blocks the caller. */
    public void wake() {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                wakeThread.execute(() -> {
                    wakeQueued.set(false);
                    relayOnce();
                });
            } catch (RejectedExecutionException stopping) {
                wakeQueued.set(false);
            }
        }
    }

    /**
     * One pass: claim, send, record — one row at a time, so each lease starts right before its own call
     * and never runs out while earlier rows of the pass are still being sent. Safe from any thread, any
     * number of times at once, on any number of instances.
     */
    public Pass relayOnce() {
        int claimed = 0, created = 0, retrying = 0, failed = 0;
        while (claimed < BATCH) {
            Claim claim;
            try {
                claim = QuarkusTransaction.requiringNew().call(this::claimNext);
            } catch (RuntimeException e) {
                LOG.warnf("Could not claim issue creations: %s", e.getMessage());
                break;
            }
            if (claim == null) {
                break;
            }
            claimed++;
            TrackerClient.Outcome outcome = client.create(claim.connection(), claim.payload());
            TrackerRequest.Status status;
            try {
                status = QuarkusTransaction.requiringNew().call(() -> record(claim, outcome));
            } catch (RuntimeException e) {
                // The lease runs out and the creation is tried again.
                LOG.warnf("Could not record the outcome of %s: %s", claim, e.getMessage());
                continue;
            }
            switch (status) {
                case DELIVERED -> created++;
                case PENDING -> retrying++;
                case FAILED -> failed++;
            }
        }
        return new Pass(claimed, created, retrying, failed);
    }

    /** Claims the next due row (rows whose tracker is no longer connected are failed on the way), or null. */
    Claim claimNext() {
        List<Claim> claims;
        do {
            claims = claim(1);
        } while (claims == null);
        return claims.isEmpty() ? null : claims.get(0);
    }

    /** Claims up to {@code limit} due rows; null when the rows found were all failed as not connected. */
    @SuppressWarnings("unchecked")
    List<Claim> claim(int limit) {
        Instant now = clock.instant();
        List<Object[]> due = entityManager.createNativeQuery("""
                        SELECT o.id, o.attempts, o.action_item_id, o.kind, o.payload FROM tracker_outbox o
                        WHERE o.status = 'PENDING' AND o.next_attempt_at <= :now AND (o.lease_until IS NULL OR o.lease_until <= :now)
                        ORDER BY o.next_attempt_at, o.id
                        LIMIT :batch
                        FOR UPDATE SKIP LOCKED""")
                .setParameter("now", now)
                .setParameter("batch", limit)
                .getResultList();
        List<Claim> claims = new ArrayList<>();
        for (Object[] row : due) {
            long id = ((Number) row[0]).longValue();
            int attempt = ((Number) row[1]).intValue() + 1;
            TrackerKind kind = TrackerKind.valueOf((String) row[3]);
            TrackerConnection connection = TrackerConnection.findById(kind);
            if (connection == null) {
                entityManager.createNativeQuery("""
                                UPDATE tracker_outbox SET status = 'FAILED', last_error = :error, last_attempt_at = :now WHERE id = :id""")
                        .setParameter("error", kind.label() + " is not connected; connect it, then replay")
                        .setParameter("now", now)
                        .setParameter("id", id)
                        .executeUpdate();
                continue;
            }
            entityManager.detach(connection);
            entityManager.createNativeQuery("""
                            UPDATE tracker_outbox SET attempts = :attempt, lease_until = :lease, last_attempt_at = :now WHERE id = :id""")
                    .setParameter("attempt", attempt)
                    .setParameter("lease", now.plus(config.lease()))
                    .setParameter("now", now)
                    .setParameter("id", id)
                    .executeUpdate();
            claims.add(new Claim(id, attempt, ((Number) row[2]).longValue(), connection, (String) row[4]));
        }
        return claims.isEmpty() && !due.isEmpty() ? null : claims;
    }

    /** Writes the outcome if this relay still owns the claim (same attempt, still pending). */
    TrackerRequest.Status record(Claim claim, TrackerClient.Outcome outcome) {
        Instant now = clock.instant();
        TrackerRequest.Status status;
        Instant next = null;
        String error = outcome.reason();
        switch (outcome.verdict()) {
            case DONE -> status = TrackerRequest.Status.DELIVERED;
            case FAILED -> status = TrackerRequest.Status.FAILED;
            default -> {
                if (claim.attempt() >= config.maxAttempts()) {
                    status = TrackerRequest.Status.FAILED;
                    error = "gave up after " + claim.attempt() + " attempts: " + outcome.reason();
                } else {
                    status = TrackerRequest.Status.PENDING;
                    Duration wait = outcome.retryAfter() != null
                            ? (outcome.retryAfter().compareTo(RETRY_AFTER_CEILING) > 0 ? RETRY_AFTER_CEILING : outcome.retryAfter())
                            : backoff(claim.attempt());
                    next = now.plus(wait);
                }
            }
        }
        String set = switch (status) {
            case DELIVERED -> "status = 'DELIVERED', delivered_at = :now, last_error = NULL";
            case FAILED -> "status = 'FAILED', last_error = :error";
            case PENDING -> "next_attempt_at = :next, last_error = :error";
        };
        var update = entityManager.createNativeQuery("UPDATE tracker_outbox SET lease_until = NULL, " + set
                        + " WHERE id = :id AND attempts = :attempt AND status = 'PENDING'")
                .setParameter("id", claim.id())
                .setParameter("attempt", claim.attempt());
        switch (status) {
            case DELIVERED -> update.setParameter("now", now);
            case FAILED -> update.setParameter("error", error);
            case PENDING -> update.setParameter("next", next).setParameter("error", error);
        }
        if (update.executeUpdate() == 0) {
            if (status == TrackerRequest.Status.DELIVERED && issues.createdIfMissing(claim.actionItemId(), outcome.issue())) {
                // The issue exists upstream: keep it on the item rather than orphan it.
                LOG.warnf("%s finished after its lease ended and was claimed again; its issue is kept on the item", claim);
                return TrackerRequest.Status.DELIVERED;
            }
            LOG.warnf("%s finished after its lease ended and was claimed again; outcome %s not recorded", claim, outcome.verdict());
            return TrackerRequest.Status.PENDING;
        }
        if (status == TrackerRequest.Status.DELIVERED) {
            issues.created(claim.actionItemId(), outcome.issue());
            LOG.debugf("Created %s", claim);
        } else if (status == TrackerRequest.Status.FAILED) {
            LOG.infof("Failed %s: %s", claim, error);
        } else {
            LOG.debugf("Will retry %s at %s: %s", claim, next, error);
        }
        return status;
    }

    /** The wait before the next attempt ({@link RetryBackoff}, hindsight.trackers.backoff-base and -max). */
    Duration backoff(int attempt) {
        return RetryBackoff.after(attempt, config.backoffBase(), config.backoffMax());
    }
}
