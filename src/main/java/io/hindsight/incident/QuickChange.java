package io.hindsight.incident;

import java.util.Map;

/**
 * The quick status and severity forms at the top of the incident page, as they are shown: the choice each one
 * holds, and the messages when a change was refused.
 */
public record QuickChange(String status, String severity, Map<String, String> errors) {

    /** The forms holding what is recorded now. */
    static QuickChange of(Incident incident) {
        return new QuickChange(incident.status.name(), incident.severity.name(), Map.of());
    }

    /** A refused change, shown again with the choice that was made. */
    static QuickChange refused(Incident incident, String status, String severity, Map<String, String> errors) {
        return new QuickChange(status == null ? incident.status.name() : status,
                severity == null ? incident.severity.name() : severity, errors);
    }
}
