package io.hindsight.importing;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether an import is announced in chat. Imported incidents are history, not news: by default
 * nothing is said (people importing a backlog do not expect to flood the incident channel); on
 * request, one message sums up what was imported. Never one "declared" message per incident.
 */
public enum Announce {
    NONE, SUMMARY;

    /** {@code none} or {@code summary} in any case; blank is {@link #NONE}; anything else is empty. */
    public static Optional<Announce> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(NONE);
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> Optional.of(NONE);
            case "summary" -> Optional.of(SUMMARY);
            default -> Optional.empty();
        };
    }
}
