package io.hindsight.tracker;

import java.util.Locale;
import java.util.Optional;

/** The trackers an action item can live in. */
public enum TrackerKind {
    GITHUB("GitHub"), JIRA("Jira");

    private final String label;

    TrackerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The word in addresses and forms: {@code github}, {@code jira}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TrackerKind> of(String key) {
        if (key == null) {
            return Optional.empty();
        }
        for (TrackerKind kind : values()) {
            if (kind.key().equals(key.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
