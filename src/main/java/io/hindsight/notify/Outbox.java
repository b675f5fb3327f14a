package io.hindsight.notify;

import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditSubject;
import io.hindsight.audit.AuditAction;
import io.hindsight.outbox.AfterCommit;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The notification outbox: rows are written inside the transaction of the change they tell about
 * (SECURITY F22), so a change and its notification commit or roll back together. After the commit
 * the relay is woken so that the message usually leaves within milliseconds; the scheduled relay
 * pass is the safety net.
 */
@ApplicationScoped
public class Outbox {

    /** Marks a transaction that already asked to wake the relay after its commit. */
    private static final Object WAKE_RELAY = new Object();
    /** Marks a transaction whose changes announce nothing (an import: its records are not news). */
    private static final Object QUIET = new Object();

    @Inject
    Clock clock;

    @Inject
    OutboxRelay relay;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    NotificationMessages messages;

    @Inject
    Audit audit;

    /**
     * One row per enabled destination subscribed to {@code key}, in the caller's transaction; the
     * message is built only when someone subscribes. Without a transaction this refuses to run:
     * a notification written on its own could announce a change that then rolls back.
     *
     * @return how many rows were written
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int enqueue(EventKey key, Supplier<SlackMessage> message) {
        if (transactions.getResource(QUIET) != null) {
            return 0;
        }
        List<SlackDestination> destinations = SlackDestination.list(
                "disabledAt IS NULL AND array_contains(events, ?1) ORDER BY id", key.key());
        if (destinations.isEmpty()) {
            return 0;
        }
        SlackMessage built = message.get();
        // Each kind of webhook gets the message in its own format, written once per kind.
        Map<DestinationType, String> payloads = new EnumMap<>(DestinationType.class);
        for (SlackDestination destination : destinations) {
            write(destination, key.key(), payloads.computeIfAbsent(destination.type, type -> type.payload(built)));
        }
        wakeRelayAfterCommit();
        return destinations.size();
    }

    /**
     * Nothing the rest of the caller's transaction does is announced: an import creates incidents and
     * assigns action items that happened long ago, and says so once itself (or not at all).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void quiet() {
        transactions.putResource(QUIET, Boolean.TRUE);
    }

    /** Queues the Integrations page's test message for one destination. */
    @Transactional
    public OutboxMessage enqueueTest(long actorId, long destinationId) {
        SlackDestination destination = SlackDestination.<SlackDestination>findByIdOptional(destinationId)
                .orElseThrow(() -> new NotFoundException("No destination " + destinationId));
        OutboxMessage row = write(destination, EventKey.TEST, destination.type.payload(messages.test(destination.name)));
        audit.record(actorId, AuditAction.NOTIFY_TEST_QUEUED, AuditSubject.destination(destination.id),
                AuditSubject.delivery(row.id), null);
        wakeRelayAfterCommit();
        return row;
    }

    /**
     * Puts a failed message back in the queue, due now. Its attempts and last error are kept, so
     * the history stays readable. Only failed messages can be replayed.
     *
     * @return false when the message is not (or no longer) failed
     */
    @Transactional
    public boolean replay(long actorId, long id) {
        OutboxMessage row = OutboxMessage.<OutboxMessage>findByIdOptional(id)
                .orElseThrow(() -> new NotFoundException("No delivery " + id));
        if (row.status != OutboxMessage.Status.FAILED) {
            return false;
        }
        row.status = OutboxMessage.Status.PENDING;
        row.nextAttemptAt = clock.instant();
        row.leaseUntil = null;
        audit.record(actorId, AuditAction.NOTIFY_REPLAYED, AuditSubject.delivery(id),
                AuditSubject.destination(row.destination.id), null);
        wakeRelayAfterCommit();
        return true;
    }

    /** The newest messages, optionally of one status, with their destinations. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OutboxMessage> recent(OutboxMessage.Status status, int limit) {
        String where = status == null ? "" : " WHERE m.status = :status";
        Parameters params = status == null ? new Parameters() : Parameters.with("status", status);
        return OutboxMessage.<OutboxMessage>find("FROM OutboxMessage m JOIN FETCH m.destination" + where + " ORDER BY m.id DESC",
                params).page(0, limit).list();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<OutboxMessage.Status, Long> countByStatus() {
        Map<OutboxMessage.Status, Long> counts = new EnumMap<>(OutboxMessage.Status.class);
        for (OutboxMessage.Status status : OutboxMessage.Status.values()) {
            counts.put(status, OutboxMessage.count("status", status));
        }
        return counts;
    }

    /** The latest message of each destination, for the Integrations page ("last delivery"). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, OutboxMessage> latestByDestination() {
        List<OutboxMessage> latest = OutboxMessage.list("""
                FROM OutboxMessage m JOIN FETCH m.destination d
                WHERE m.id = (SELECT max(o.id) FROM OutboxMessage o WHERE o.destination = d)""");
        Map<Long, OutboxMessage> byDestination = new java.util.HashMap<>();
        latest.forEach(m -> byDestination.put(m.destination.id, m));
        return byDestination;
    }

    private OutboxMessage write(SlackDestination destination, String eventKey, String payload) {
        Instant now = clock.instant();
        OutboxMessage row = new OutboxMessage();
        row.destination = destination;
        row.eventKey = eventKey;
        row.payload = payload;
        row.status = OutboxMessage.Status.PENDING;
        row.nextAttemptAt = now;
        row.createdAt = now;
        row.persist();
        return row;
    }

    /** Once per transaction; only a commit wakes the relay, and waking never blocks (it hands over to the relay's thread). */
    private void wakeRelayAfterCommit() {
        AfterCommit.once(transactions, WAKE_RELAY, relay::wake);
    }
}
