package io.hindsight.tracker;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.outbox.AfterCommit;
import io.hindsight.system.ParameterList;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Action items and their issues: asking for one (a row in the tracker outbox, in the same transaction),
 * and taking in what the tracker says of it (closed → done, reopened → open).
 *
 * <p>State flows from the tracker when it changes there, not on every reading: a poll that reads "open"
 * again does not reopen an item someone finished here. When the two sides disagree, the item shows it,
 * and nothing is closed upstream on its own (docs/integrations.md says why).
 */
@ApplicationScoped
@Transactional
public class TrackerIssues {

    private static final Logger LOG = Logger.getLogger(TrackerIssues.class);
    private static final Object WAKE_RELAY = new Object();

    @Inject
    Clock clock;

    @Inject
    IssuePayloads payloads;

    @Inject
    ActionItemService actions;

    @Inject
    TrackerRelay relay;

    @Inject
    Audit audit;

    @Inject
    EntityManager entityManager;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * Queues the creation of the item's issue in {@code kind}; the page returns at once, and the issue's
     * number shows once the tracker answered.
     */
    public TrackerIssue request(long incidentId, long itemId, TrackerKind kind) {
        ActionItem item = actions.get(incidentId, itemId);
        TrackerConnection connection = TrackerConnection.<TrackerConnection>findByIdOptional(kind)
                .orElseThrow(() -> new InvalidInputException("tracker", kind.label() + " is not connected; an admin connects it on Admin → Integrations → Trackers."));
        // Serialises two clicks on the button: the second finds the first's row.
        entityManager.createNativeQuery("SELECT 1 FROM action_item WHERE id = ?1 FOR UPDATE").setParameter(1, itemId).getResultList();
        TrackerIssue existing = TrackerIssue.findById(itemId);
        if (existing != null) {
            throw new InvalidInputException("tracker", "This action item already has " + existing.name() + ".");
        }
        Instant now = clock.instant();
        TrackerIssue issue = new TrackerIssue();
        issue.actionItemId = itemId;
        issue.kind = kind;
        issue.requestedAt = now;
        issue.persist();
        TrackerRequest row = new TrackerRequest();
        row.actionItemId = itemId;
        row.kind = kind;
        row.payload = payloads.of(connection, item);
        row.status = TrackerRequest.Status.PENDING;
        row.nextAttemptAt = now;
        row.createdAt = now;
        row.persist();
        wakeRelayAfterCommit();
        return issue;
    }

    /** Puts a failed creation back in the queue, due now; its attempts and last error stay readable. */
    public boolean replay(long actorId, long requestId) {
        TrackerRequest row = TrackerRequest.<TrackerRequest>findByIdOptional(requestId)
                .orElseThrow(() -> new NotFoundException("No issue creation " + requestId));
        if (row.status != TrackerRequest.Status.FAILED) {
            return false;
        }
        row.status = TrackerRequest.Status.PENDING;
        row.nextAttemptAt = clock.instant();
        row.leaseUntil = null;
        audit.record(actorId, AuditAction.TRACKER_REPLAYED, AuditSubject.trackerRequest(requestId), row.kind.label(), null);
        wakeRelayAfterCommit();
        return true;
    }

    /** The issues of the items shown, by item id: one statement for the whole list. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, TrackerIssue> of(List<Long> itemIds) {
        Map<Long, TrackerIssue> byItem = new HashMap<>();
        // Also for an empty list (no id is 0): the same statements whatever the page holds.
        ParameterList ids = ParameterList.of("item", itemIds.isEmpty() ? List.of(0L) : itemIds);
        TrackerIssue.<TrackerIssue>list("actionItemId IN " + ids.placeholders(), ids.addTo(new HashMap<>()))
                .forEach(i -> byItem.put(i.actionItemId, i));
        return byItem;
    }

    /** The newest creations, for the Trackers page. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TrackerRequest> recent(int limit) {
        return TrackerRequest.<TrackerRequest>find("ORDER BY id DESC").page(0, limit).list();
    }

    /** Records the tracker's answer to a creation: the item now has its issue. */
    void created(long itemId, TrackerClient.Issue created) {
        TrackerIssue issue = TrackerIssue.findById(itemId);
        if (issue == null) {
            return;
        }
        Instant now = clock.instant();
        issue.externalKey = created.key();
        issue.url = created.url();
        issue.upstreamState = created.state();
        issue.upstreamDone = created.done();
        issue.createdAt = now;
        issue.syncedAt = now;
    }

    /**
     * Records an issue created by a creation whose outcome came too late to be recorded, unless the item
     * already has an issue; locks the item's row so a concurrent {@link #created} is not overwritten.
     *
     * @return true when the issue was recorded
     */
    boolean createdIfMissing(long itemId, TrackerClient.Issue created) {
        TrackerIssue issue = TrackerIssue.<TrackerIssue>find("actionItemId = ?1", itemId)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (issue == null || (issue.externalKey != null && !issue.externalKey.isEmpty())) {
            return false;
        }
        created(itemId, created);
        return true;
    }

    /**
     * Takes in the state of an issue as the tracker says it now (webhook or poll).
     *
     * @return false when no action item has this issue
     */
    public boolean sync(TrackerKind kind, String key, String state, boolean done) {
        TrackerIssue issue = TrackerIssue.<TrackerIssue>find("kind = ?1 AND externalKey = ?2", kind, key).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (issue == null) {
            return false;
        }
        boolean changedThere = issue.upstreamDone != done;
        issue.upstreamState = state;
        issue.upstreamDone = done;
        issue.syncedAt = clock.instant();
        if (!changedThere) {
            return true;
        }
        ActionItem item = ActionItem.findById(issue.actionItemId);
        if (item == null) {
            return true;
        }
        long incidentId = item.incident.id;
        if (done && item.status.pending()) {
            actions.setStatus(incidentId, item.id, ActionItem.Status.DONE, "");
            LOG.debugf("Action item %d done: %s closed", item.id, issue.name());
        } else if (!done && item.status == ActionItem.Status.DONE) {
            actions.setStatus(incidentId, item.id, ActionItem.Status.OPEN, "");
            LOG.debugf("Action item %d open again: %s reopened", item.id, issue.name());
        }
        return true;
    }

    /**
     * Records a webhook delivery's id; false when it was recorded before (a redelivery), so that the
     * caller changes nothing twice. Part of the caller's transaction: a delivery whose change rolls back is not kept.
     */
    public boolean firstDelivery(TrackerKind kind, String deliveryId) {
        if (deliveryId == null || deliveryId.isBlank()) {
            return true;
        }
        int inserted = entityManager.createNativeQuery("""
                        INSERT INTO tracker_webhook_delivery (kind, delivery_id, received_at) VALUES (?1, ?2, ?3)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, kind.name())
                .setParameter(2, deliveryId.length() > 200 ? deliveryId.substring(0, 200) : deliveryId)
                .setParameter(3, clock.instant())
                .executeUpdate();
        return inserted == 1;
    }

    private void wakeRelayAfterCommit() {
        AfterCommit.once(transactions, WAKE_RELAY, relay::wake);
    }
}
