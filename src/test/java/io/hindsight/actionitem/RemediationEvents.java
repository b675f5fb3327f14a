package io.hindsight.actionitem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens, in the test application, to what notifications would listen to: assignments and the
 * daily digest. Keeps plain values (ids, titles) so tests can read them after the transaction.
 * Shared by all tests of a run: tests look for their own item ids, never at counts.
 */
@Singleton
public class RemediationEvents {

    /** One ActionItemAssigned as it was observed. */
    public record Assignment(long itemId, long ownerId, String title, long incidentId) {
    }

    private final List<Assignment> assignments = new CopyOnWriteArrayList<>();
    private final List<DailyDigest.Due> digests = new CopyOnWriteArrayList<>();

    void assigned(@Observes ActionItemAssigned event) {
        ActionItem item = event.item();
        assignments.add(new Assignment(item.id, item.owner.id, item.title, item.incident.id));
    }

    void announced(@Observes DailyDigest.Due due) {
        digests.add(due);
    }

    /** Every assignment of the item {@code itemId} so far. */
    public List<Assignment> assignmentsOf(long itemId) {
        return assignments.stream().filter(a -> a.itemId() == itemId).toList();
    }

    /** Digests announced so far, oldest first. */
    public List<DailyDigest.Due> digests() {
        return List.copyOf(digests);
    }
}
