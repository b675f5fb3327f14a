package io.hindsight.history;

import java.util.Set;

/**
 * The kinds of record whose saves are kept as revisions, each with the fields that hold prose: those are compared word
 * by word, the others field by field.
 */
public enum RecordType {
    INCIDENT("Incident", Set.of("title", "summary", "customer_impact")),
    POSTMORTEM("Postmortem", Set.of("summary", "impact", "timeline_notes", "laugh", "learn", "fix", "share")),
    TIMELINE_ENTRY("Timeline entry", Set.of("description")),
    ACTION_ITEM("Action item", Set.of("title", "reason")),
    CHECKLIST_ITEM("Checklist item", Set.of("note"));

    private final String label;
    private final Set<String> proseFields;

    RecordType(String label, Set<String> proseFields) {
        this.label = label;
        this.proseFields = proseFields;
    }

    public String label() {
        return label;
    }

    public boolean prose(String field) {
        return proseFields.contains(field);
    }

    public String key() {
        return name().toLowerCase().replace('_', '-');
    }
}
