package io.hindsight.tracker;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * For trackers whose webhooks cannot reach Hindsight: reads the state of linked issues every
 * {@code hindsight.trackers.poll-interval}. Each pass takes the issues polled longest ago, marks them
 * polled in a short transaction ({@code SKIP LOCKED}, so several instances take different ones and an
 * issue is read at most once per interval), reads them with no transaction open, then takes in each
 * state as a webhook would.
 */
@ApplicationScoped
public class TrackerPoll {

    private static final Logger LOG = Logger.getLogger(TrackerPoll.class);

    record Due(TrackerKind kind, String key) {
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

    @Scheduled(every = "{hindsight.trackers.poll-interval}", delayed = "{hindsight.trackers.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "tracker-poll")
    void everyInterval() {
        pollOnce();
    }

    /** One pass; returns how many issues were read. */
    public int pollOnce() {
        List<Due> due;
        try {
            due = QuarkusTransaction.requiringNew().call(this::claim);
        } catch (RuntimeException e) {
            LOG.warnf("Could not choose issues to poll: %s", e.getMessage());
            return 0;
        }
        int read = 0;
        for (Due one : due) {
            TrackerConnection connection = QuarkusTransaction.requiringNew().call(() -> {
                TrackerConnection c = TrackerConnection.findById(one.kind());
                if (c != null) {
                    entityManager.detach(c);
                }
                return c;
            });
            if (connection == null) {
                continue;
            }
            TrackerClient.Outcome outcome = client.read(connection, one.key());
            if (outcome.verdict() != TrackerClient.Verdict.DONE) {
                LOG.debugf("Could not read %s %s: %s", one.kind().label(), one.key(), outcome.reason());
                continue;
            }
            TrackerClient.Issue issue = outcome.issue();
            try {
                QuarkusTransaction.requiringNew().run(() -> issues.sync(one.kind(), one.key(), issue.state(), issue.done()));
                read++;
            } catch (RuntimeException e) {
                LOG.warnf("Could not take in the state of %s %s: %s", one.kind().label(), one.key(), e.getMessage());
            }
        }
        return read;
    }

    @SuppressWarnings("unchecked")
    List<Due> claim() {
        Instant now = clock.instant();
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT i.action_item_id, i.kind, i.external_key FROM tracker_issue i
                        JOIN tracker_connection c ON c.kind = i.kind
                        WHERE i.external_key IS NOT NULL AND (i.polled_at IS NULL OR i.polled_at <= :since)
                        ORDER BY i.polled_at NULLS FIRST, i.action_item_id
                        LIMIT :batch
                        FOR UPDATE OF i SKIP LOCKED""")
                .setParameter("since", now.minus(config.pollInterval()))
                .setParameter("batch", config.pollBatch())
                .getResultList();
        List<Due> due = new ArrayList<>();
        for (Object[] row : rows) {
            entityManager.createNativeQuery("UPDATE tracker_issue SET polled_at = :now WHERE action_item_id = :id")
                    .setParameter("now", now).setParameter("id", ((Number) row[0]).longValue()).executeUpdate();
            due.add(new Due(TrackerKind.valueOf((String) row[1]), (String) row[2]));
        }
        return due;
    }
}
