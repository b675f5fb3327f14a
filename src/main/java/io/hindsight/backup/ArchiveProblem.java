package io.hindsight.backup;

/**
 * A backup archive or a restore target that cannot be used, with a message for the person who
 * asked: what is wrong and what to do. Nothing was changed when this is thrown.
 */
public class ArchiveProblem extends RuntimeException {

    public ArchiveProblem(String message) {
        super(message);
    }

    public ArchiveProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
