package io.hindsight.web;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A save refused because someone else saved the same record after the form was opened: field by
 * field, what this person typed and what is saved now. The conflict page shows the fields that
 * differ (with their differences, see {@code history.ConflictDifferences}) above the form, which still
 * holds what this person typed, so nothing is lost and they can save again on top of the current version.
 *
 * @param savedAt when the current version was saved, when the record knows it
 * @param draft   where the typed text was kept as a draft revision, to reopen later; null when it was not kept
 */
public record Conflict(Instant savedAt, long currentVersion, String draft, List<Field> fields) {

    /** One field of the form: its label, the text as this person typed it, and the text saved now. */
    public record Field(String name, String label, String yours, String current) {
        public boolean differs() {
            return !Objects.equals(norm(yours), norm(current));
        }

        private static String norm(String text) {
            return text == null ? "" : text.replace("\r\n", "\n").strip();
        }
    }

    /**
     * The lost race in {@code e} or its causes: a service that compared versions, or Hibernate finding no row
     * with the expected version at commit (which reaches the caller wrapped by the transaction); null if none.
     */
    public static Throwable lostRace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return cause;
            }
        }
        return null;
    }

    public static Builder at(Instant savedAt, long currentVersion) {
        return new Builder(savedAt, currentVersion);
    }

    /** The fields where the two texts differ; the page shows only these. */
    public List<Field> differing() {
        return fields.stream().filter(Field::differs).toList();
    }

    /** How many fields are the same in both, so the page can say so instead of listing them. */
    public int sameCount() {
        return fields.size() - differing().size();
    }

    /** Collects the fields of a form in the order the form shows them. */
    public static final class Builder {
        private final Instant savedAt;
        private final long currentVersion;
        private final List<Field> fields = new ArrayList<>();
        private String draft;

        private Builder(Instant savedAt, long currentVersion) {
            this.savedAt = savedAt;
            this.currentVersion = currentVersion;
        }

        public Builder field(String name, String label, Object yours, Object current) {
            fields.add(new Field(name, label, yours == null ? "" : yours.toString(), current == null ? "" : current.toString()));
            return this;
        }

        /** The address of the draft revision that keeps the typed text, or null. */
        public Builder keptAs(String draftAddress) {
            this.draft = draftAddress;
            return this;
        }

        public Conflict build() {
            return new Conflict(savedAt, currentVersion, draft, List.copyOf(fields));
        }
    }
}
