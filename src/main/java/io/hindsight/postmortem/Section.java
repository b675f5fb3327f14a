package io.hindsight.postmortem;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The sections of a postmortem, in reading order. Four of them are the habits Hindsight is built
 * on: laugh at it kindly, learn from it, fix it, share it.
 */
public enum Section {
    // The one place a section meets its field: in the draft, and in the entity (read and written).
    SUMMARY("Summary", null, "summary", PostmortemDraft::summary, p -> p.summary, (p, text) -> p.summary = text),
    IMPACT("Impact", null, "impact", PostmortemDraft::impact, p -> p.impact, (p, text) -> p.impact = text),
    TIMELINE("Timeline", null, "timelineNotes", PostmortemDraft::timelineNotes, p -> p.timelineNotes,
            (p, text) -> p.timelineNotes = text),
    LAUGH("Laugh", "Tell the story kindly", "laugh", PostmortemDraft::laugh, p -> p.laugh, (p, text) -> p.laugh = text),
    LEARN("Learn", "Find what the system taught us", "learn", PostmortemDraft::learn, p -> p.learn,
            (p, text) -> p.learn = text),
    FIX("Fix", "Correct it and prevent it", "fix", PostmortemDraft::fix, p -> p.fix, (p, text) -> p.fix = text),
    SHARE("Share", "Let others benefit", "share", PostmortemDraft::share, p -> p.share, (p, text) -> p.share = text);

    private final String title;
    private final String habit;
    private final String field;
    private final Function<PostmortemDraft, String> inDraft;
    private final Function<Postmortem, String> inPostmortem;
    private final BiConsumer<Postmortem, String> intoPostmortem;

    Section(String title, String habit, String field, Function<PostmortemDraft, String> inDraft,
            Function<Postmortem, String> inPostmortem, BiConsumer<Postmortem, String> intoPostmortem) {
        this.title = title;
        this.habit = habit;
        this.field = field;
        this.inDraft = inDraft;
        this.inPostmortem = inPostmortem;
        this.intoPostmortem = intoPostmortem;
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

    /** This section's text in a draft, as submitted. */
    String textOf(PostmortemDraft draft) {
        return inDraft.apply(draft);
    }

    /** This section's text in a postmortem. */
    String textOf(Postmortem postmortem) {
        return inPostmortem.apply(postmortem);
    }

    void setText(Postmortem postmortem, String text) {
        intoPostmortem.accept(postmortem, text);
    }
}
