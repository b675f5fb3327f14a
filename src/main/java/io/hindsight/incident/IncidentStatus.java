package io.hindsight.incident;

/** Where an incident is in its life, from the first page to the published lesson. */
public enum IncidentStatus {
    INVESTIGATING("Investigating", true),
    MITIGATED("Mitigated", true),
    RESOLVED("Resolved", false),
    IN_REVIEW("Postmortem in review", false),
    PUBLISHED("Published", false);

    private final String label;
    private final boolean open;

    IncidentStatus(String label, boolean open) {
        this.label = label;
        this.open = open;
    }

    public String label() {
        return label;
    }

    /** Still affecting someone: shown on the dashboard as open. */
    public boolean isOpen() {
        return open;
    }

    /** The impact has ended, so the incident must say when. */
    public boolean isResolved() {
        return ordinal() >= RESOLVED.ordinal();
    }

    public String key() {
        return name().toLowerCase().replace('_', '-');
    }
}
