package io.hindsight.history;

/**
 * Saves a revision's values back through the service of the record it belongs to, as the record's form would: each
 * feature restores its own records (so the history knows no feature, and the features' rules hold for a restore).
 */
public interface RevisionRestorer {

    /** Whether this restorer saves records of {@code type}. */
    boolean restores(RecordType type);

    /**
     * Saves the values {@code revision} kept onto its record, through the record's own rules; the save keeps its own
     * revision as any save does.
     *
     * @throws io.hindsight.validation.InvalidInputException when the values cannot be saved any more (as the form says)
     */
    void restore(Revision revision, long actorId);
}
