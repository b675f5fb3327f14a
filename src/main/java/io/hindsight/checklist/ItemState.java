package io.hindsight.checklist;

/** Where a checklist item of an incident stands. */
public enum ItemState {
    OPEN("Open"),
    DONE("Done"),
    NOT_APPLICABLE("Not applicable");

    private final String label;

    ItemState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase().replace('_', '-');
    }
}
