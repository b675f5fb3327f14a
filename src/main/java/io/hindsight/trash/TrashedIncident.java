package io.hindsight.trash;

import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;

import java.time.Instant;

/**
 * An incident in the Trash, as the Trash page lists it.
 *
 * @param purgeableAt when the retention period ends and the incident may be (and will be) purged
 * @param restorable  whether the person looking may restore it
 */
public record TrashedIncident(long id, String title, Severity severity, IncidentStatus status, Instant deletedAt,
                              String deletedBy, Long deletedById, Long declaredById, Instant purgeableAt,
                              boolean restorable) {

    /** Whether the retention period has passed at {@code now}. */
    public boolean purgeableAt(Instant now) {
        return !now.isBefore(purgeableAt);
    }
}
