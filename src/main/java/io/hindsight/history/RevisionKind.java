package io.hindsight.history;

/** Why a revision was kept. */
public enum RevisionKind {
    /** The record was created with these values. */
    CREATE("Created"),
    /** An ordinary save. */
    SAVE("Saved"),
    /** A save that brought back the values of an earlier revision. */
    RESTORE("Restored"),
    /** Text that was not saved (it met a newer save), kept so its author can reopen it. */
    DRAFT("Draft kept"),
    /** A proposed change to a published postmortem, waiting for review; readers do not see it yet. */
    AMENDMENT("Amendment drafted"),
    /** An amendment was approved and replaced the published text. */
    AMENDMENT_APPROVED("Amendment approved"),
    /** The record was removed; the revision keeps its last values, and restoring any revision brings it back. */
    REMOVE("Removed");

    private final String label;

    RevisionKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String key() {
        return name().toLowerCase().replace('_', '-');
    }

    /** Whether the values were what the record held after this revision (drafts and pending amendments were not). */
    public boolean live() {
        return this != DRAFT && this != AMENDMENT;
    }
}
