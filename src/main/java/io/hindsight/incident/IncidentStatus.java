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

    /**
     * Reached only through the review workflow: sending the postmortem for review, publishing it. Nobody picks these
     * on a form or in the API.
     */
    public boolean isSetByReview() {
        return this == IN_REVIEW || this == PUBLISHED;
    }

    /**
     * The statuses a person may pick now, for an incident whose status is {@code current} (null for a new incident):
     * the ones before review while it has not gone to review, otherwise only the one it has.
     */
    public static java.util.List<IncidentStatus> choosableFrom(IncidentStatus current) {
        if (current != null && current.isSetByReview()) {
            return java.util.List.of(current);
        }
        return java.util.List.of(INVESTIGATING, MITIGATED, RESOLVED);
    }

    public String key() {
        return name().toLowerCase().replace('_', '-');
    }
}
