package io.hindsight.postmortem;

/** Where a postmortem is on its way to the Lessons library. */
public enum PostmortemStatus {
    DRAFT("Draft"),
    IN_REVIEW("In review"),
    PUBLISHED("Published");

    private final String label;

    PostmortemStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase().replace('_', '-');
    }
}
