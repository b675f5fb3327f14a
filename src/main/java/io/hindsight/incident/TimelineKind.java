package io.hindsight.incident;

/** What a timeline entry records. */
public enum TimelineKind {
    DETECTION("Detection"),
    ACTION("Action"),
    COMMUNICATION("Communication"),
    OBSERVATION("Observation");

    private final String label;

    TimelineKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase();
    }
}
