package io.hindsight.incident;

/**
 * Announced, inside the updating transaction, when an incident is edited; carries what severity
 * and status were before so listeners can tell what moved.
 */
public record IncidentChanged(Incident incident, Severity previousSeverity, IncidentStatus previousStatus) {

    public boolean severityChanged() {
        return previousSeverity != incident.severity;
    }

    public boolean statusChanged() {
        return previousStatus != incident.status;
    }
}
