package io.hindsight.actionitem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens, in the test application, to what notifications would listen to: action item assignments.
 * Keeps plain values (ids, titles) so tests can read them after the transaction.
 * Shared by all tests of a run: tests look for their own item ids, never at counts.
 */
@Singleton
public class AssignmentEvents {

    /** One ActionItemAssigned as it was observed. */
    public record Assignment(long itemId, long ownerId, String title, long incidentId) {
    }

    private final List<Assignment> assignments = new CopyOnWriteArrayList<>();

    void assigned(@Observes ActionItemAssigned event) {
        ActionItem item = event.item();
        assignments.add(new Assignment(item.id, item.owner.id, item.title, item.incident.id));
    }

    /** Every assignment of the item {@code itemId} so far. */
    public List<Assignment> assignmentsOf(long itemId) {
        return assignments.stream().filter(a -> a.itemId() == itemId).toList();
    }
}
