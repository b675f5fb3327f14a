package io.hindsight.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a destination can subscribe to, by the key stored in {@code slack_destination.events}. */
public enum EventKey {
    INCIDENT_DECLARED("incident-declared", "Incident declared"),
    SEVERITY_CHANGED("severity-changed", "Severity changed"),
    STATUS_CHANGED("status-changed", "Status changed"),
    POSTMORTEM_IN_REVIEW("postmortem-in-review", "Postmortem sent for review (and back for another look)"),
    POSTMORTEM_CHANGES_REQUESTED("postmortem-changes-requested", "Changes requested on a postmortem"),
    POSTMORTEM_PUBLISHED("postmortem-published", "Postmortem published"),
    ACTION_ITEM_ASSIGNED("action-item-assigned", "Action item assigned"),
    DAILY_DIGEST("daily-digest", "Daily digest of due action items and re-verifications");

    /** The event key of the message an admin sends from the Integrations page; nobody subscribes to it. */
    public static final String TEST = "test";

    private final String key;
    private final String label;

    EventKey(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static Optional<EventKey> of(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static List<EventKey> all() {
        return List.of(values());
    }
}
