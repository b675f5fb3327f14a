package io.hindsight.incident;

/** Where an incident is in its life, from the first page to the published lesson. */
public enum IncidentStatus {
    INVESTIGATING("Investigating"),
    MITIGATED("Mitigated"),
    RESOLVED("Resolved"),
    IN_REVIEW("Postmortem in review"),
    PUBLISHED("Published");

    private final String label;

    IncidentStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The impact has ended, so the incident must say when. */
    public boolean isResolved() {
        return ordinal() >= RESOLVED.ordinal();
    }

    public String key() {
        return name().toLowerCase().replace('_', '-');
    }
}
