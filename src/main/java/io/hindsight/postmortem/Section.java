package io.hindsight.postmortem;

/**
 * The sections of a postmortem, in reading order. Four of them are the habits Hindsight is built
 * on: laugh at it kindly, learn from it, fix it, share it.
 */
public enum Section {
    SUMMARY("Summary", null, "summary"),
    IMPACT("Impact", null, "impact"),
    TIMELINE("Timeline", null, "timelineNotes"),
    LAUGH("Laugh", "Tell the story kindly", "laugh"),
    LEARN("Learn", "Find what the system taught us", "learn"),
    FIX("Fix", "Correct it and prevent it", "fix"),
    SHARE("Share", "Let others benefit", "share");

    private final String title;
    private final String habit;
    private final String field;

    Section(String title, String habit, String field) {
        this.title = title;
        this.habit = habit;
        this.field = field;
    }

    public String title() {
        return title;
    }

    /** The habit this section practises, or null for the factual sections. */
    public String habit() {
        return habit;
    }

    /** The form field and JSON property that hold this section's text. */
    public String field() {
        return field;
    }

    public String key() {
        return name().toLowerCase();
    }
}
