package io.hindsight.incident;

import java.time.Instant;

/**
 * What to do with a timeline entry from before the impact started: usually a typo, sometimes the real start. A
 * person is asked (the page); a program says so with {@code ?move_start=true} or keeps the start.
 */
public enum BeforeStart {
    /** Save nothing yet: ask whether to move the start or keep it ({@link Question}). */
    ASK,
    /** Save the entry; the start stays where it is. */
    KEEP,
    /** Save the entry and move the incident's start to its time. */
    MOVE_START;

    /** The answer a form sends in its {@code confirm} field: {@code move-start}, {@code keep}, or nothing yet. */
    public static BeforeStart fromConfirm(String confirm) {
        if ("move-start".equals(confirm)) {
            return MOVE_START;
        }
        return "keep".equals(confirm) ? KEEP : ASK;
    }

    /** The question itself: the entry is before {@link #startedAt()} and nobody said what to do; nothing was saved. */
    public static class Question extends RuntimeException {

        private final transient Instant startedAt;

        Question(Instant startedAt) {
            super("The entry is before the impact started (" + startedAt + ")");
            this.startedAt = startedAt;
        }

        public Instant startedAt() {
            return startedAt;
        }
    }
}
