package io.hindsight.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hindsight.validation.PlainName;
import io.hindsight.validation.StorableTime;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a person or a program says about an incident when recording or editing it. The same record
 * is the JSON body of the API and what the page form is turned into. {@code version}, when an API edit gives it,
 * is the version the change starts from (see {@code web.EntityTags}); recording a new incident ignores it.
 */
public record IncidentDraft(
        @NotBlank(message = "Give the incident a short title.")
        @Size(max = 200, message = "Keep the title under 200 characters.")
        @PlainName(message = "Remove the invisible characters that change the direction in which the title is shown "
                + "(U+202A–U+202E, U+2066–U+2069).")
        String title,
        @Size(max = 20_000, message = "Keep the summary under 20,000 characters.")
        String summary,
        @NotNull(message = "Choose a severity.")
        Severity severity,
        @NotNull(message = "Choose a status.")
        @Schema(required = false, description = "Required when replacing; when recording, INVESTIGATING unless given")
        IncidentStatus status,
        @NotNull(message = "When did the impact start?")
        @StorableTime(message = "Choose a start between 1970 and 9999.")
        @Schema(required = false, description = "Required when replacing; when recording, now unless given")
        Instant startedAt,
        @StorableTime(message = "Choose a detection time between 1970 and 9999.")
        Instant detectedAt,
        @StorableTime(message = "Choose a mitigation time between 1970 and 9999.")
        Instant mitigatedAt,
        @StorableTime(message = "Choose a resolution time between 1970 and 9999.")
        Instant resolvedAt,
        @Size(max = 20_000, message = "Keep the customer impact under 20,000 characters.")
        String customerImpact,
        @Size(max = 20, message = "List at most 20 services.")
        List<@Size(max = 60, message = "Service names have at most 60 characters.")
             @Pattern(regexp = NAME_PATTERN, message = "Service names use letters, digits, '.', '_', '/' and '-'.") String> affectedServices,
        @Size(max = 20, message = "Use at most 20 tags.")
        List<@Size(max = 40, message = "Tags have at most 40 characters.")
             @Pattern(regexp = NAME_PATTERN, message = "Tags use letters, digits, '.', '_', '/' and '-'.") String> tags,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Long version) {

    /** A draft that names no version to start from (new incidents, forms that carry the version themselves). */
    public IncidentDraft(String title, String summary, Severity severity, IncidentStatus status, Instant startedAt,
                         Instant detectedAt, Instant mitigatedAt, Instant resolvedAt, String customerImpact,
                         List<String> affectedServices, List<String> tags) {
        this(title, summary, severity, status, startedAt, detectedAt, mitigatedAt, resolvedAt, customerImpact,
                affectedServices, tags, null);
    }

    static final String NAME_PATTERN = "[\\p{L}\\p{N}][\\p{L}\\p{N}._/-]*";

    /** Trims text, lower-cases tags and service names and drops blanks and repeats. */
    public IncidentDraft normalized() {
        return new IncidentDraft(trim(title), trim(summary), severity, status, startedAt, detectedAt, mitigatedAt, resolvedAt,
                trim(customerImpact), names(affectedServices), names(tags));
    }

    /** What is recorded about {@code incident} now, as the edit form would send it back untouched. */
    public static IncidentDraft of(Incident incident) {
        return new IncidentDraft(incident.title, incident.summary, incident.severity, incident.status, incident.startedAt,
                incident.detectedAt, incident.mitigatedAt, incident.resolvedAt, incident.customerImpact,
                List.copyOf(incident.affectedServices), List.copyOf(incident.tags));
    }

    /**
     * An incident declared by a program (an alerting tool) names at least its title and severity: it is being
     * investigated, and its impact started now, unless it says otherwise.
     */
    public IncidentDraft declared(Instant now) {
        return new IncidentDraft(title, summary, severity, status == null ? IncidentStatus.INVESTIGATING : status,
                startedAt == null ? now : startedAt, detectedAt, mitigatedAt, resolvedAt, customerImpact, affectedServices, tags);
    }

    public IncidentDraft withStatus(IncidentStatus newStatus) {
        return new IncidentDraft(title, summary, severity, newStatus, startedAt, detectedAt, mitigatedAt, resolvedAt, customerImpact,
                affectedServices, tags);
    }

    public IncidentDraft withSeverity(Severity newSeverity) {
        return new IncidentDraft(title, summary, newSeverity, status, startedAt, detectedAt, mitigatedAt, resolvedAt, customerImpact,
                affectedServices, tags);
    }

    public IncidentDraft withStart(Instant start) {
        return new IncidentDraft(title, summary, severity, status, start, detectedAt, mitigatedAt, resolvedAt, customerImpact,
                affectedServices, tags);
    }

    public IncidentDraft withTimes(Instant detected, Instant mitigated, Instant resolved) {
        return new IncidentDraft(title, summary, severity, status, startedAt, detected, mitigated, resolved, customerImpact,
                affectedServices, tags);
    }

    private static String trim(String text) {
        return text == null ? "" : text.strip();
    }

    private static List<String> names(List<String> values) {
        if (values == null) {
            return List.of();
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        values.stream().filter(Objects::nonNull).map(v -> v.strip().toLowerCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).forEach(unique::add);
        return List.copyOf(unique);
    }
}
