package io.hindsight.importing;

import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.postmortem.PostmortemDraft;
import io.hindsight.postmortem.Section;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the drafts an import creates from what was read, with the defaults a file may leave out
 * (SEV3, Resolved, the time of the import as the start), each default named in a warning. A status only the
 * review workflow sets (in review, published) comes in as Resolved, with a warning.
 */
final class DraftBuilder {

    private final ImportNotes notes;
    private final Instant now;

    DraftBuilder(ImportNotes notes, Instant now) {
        this.notes = notes;
        this.now = now;
    }

    IncidentDraft incident(ImportedFrontMatter front, String summary, String customerImpact) {
        String title = front.text("title");
        if (title == null || title.isBlank()) {
            notes.error("The file has no title: start it with a line \"# Title\" (or title: in the front matter).");
        }
        Severity severity = enumValue(Severity.class, front.value("severity"), "severity");
        if (severity == null) {
            severity = Severity.SEV3;
            notes.warn("No severity given; SEV3 is used.");
        }
        IncidentStatus status = enumValue(IncidentStatus.class, front.value("status"), "status");
        if (status == null) {
            status = IncidentStatus.RESOLVED;
            notes.warn("No status given; Resolved is used.");
        } else if (status.isSetByReview()) {
            // Only the review workflow reaches these, and reviews are not imported.
            status = IncidentStatus.RESOLVED;
            notes.warn("Imported as Resolved: review and publication are not imported.");
        }
        Instant started = instant("started", front.value("started"));
        if (started == null) {
            started = now;
            notes.warn("No start of impact given; the time of the import (" + now + ") is used.");
        }
        return new IncidentDraft(title, summary, severity, status, started, instant("detected", front.value("detected")),
                instant("mitigated", front.value("mitigated")), instant("resolved", front.value("resolved")), customerImpact,
                front.strings("services"), front.strings("tags"));
    }

    static PostmortemDraft postmortem(Map<Section, String> t) {
        return new PostmortemDraft(t.get(Section.SUMMARY), t.get(Section.IMPACT), t.get(Section.TIMELINE), t.get(Section.LAUGH),
                t.get(Section.LEARN), t.get(Section.FIX), t.get(Section.SHARE));
    }

    /** An ISO-8601 UTC time, or null when none is given; one that cannot be read is an error naming {@code field}. */
    Instant instant(String field, Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s.strip());
        } catch (RuntimeException e) {
            notes.error("The " + field + " time \"" + s + "\" is not an ISO-8601 UTC time such as 2026-03-14T09:30:00Z.");
            return null;
        }
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, Object value, String field) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            notes.warn("The " + field + " \"" + s + "\" is not one Hindsight knows; the default is used.");
            return null;
        }
    }
}
