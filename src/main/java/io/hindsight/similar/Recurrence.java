package io.hindsight.similar;

import java.time.Duration;
import java.time.Instant;

/**
 * A fix that did not hold: after an action item was done or a checklist item was ticked, an incident similar to
 * the one it fixed (same service, similarity above {@link Recurrences#THRESHOLD}) started.
 *
 * @param fix                what was done
 * @param fixedIncidentId    the incident the fix belonged to
 * @param doneAt             when it was done (the action item completed, the checklist item ticked)
 * @param recurredIncidentId the similar incident that started afterwards
 * @param recurredAt         when that incident's impact started
 */
public record Recurrence(Fix fix, long fixedIncidentId, String fixedIncidentTitle, Instant doneAt,
                         long recurredIncidentId, String recurredIncidentTitle, Instant recurredAt) {

    /** What was done to prevent a repeat. */
    public record Fix(Kind kind, long id, String title) {
    }

    public enum Kind {
        ACTION_ITEM("action item"), CHECKLIST_ITEM("checklist item");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Whole days from the fix to the recurrence (0 when the same day). */
    public long daysAfter() {
        return Duration.between(doneAt, recurredAt).toDays();
    }

    /** "12 days", "1 day", "the same day". */
    public String after() {
        long days = daysAfter();
        return days == 0 ? "less than a day" : days == 1 ? "1 day" : days + " days";
    }
}
