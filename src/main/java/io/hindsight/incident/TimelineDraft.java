package io.hindsight.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hindsight.validation.StorableTime;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * A new or edited moment of an incident's timeline, from the page form or the API; {@code version}, when an API
 * correction gives it, is the version the correction starts from.
 */
public record TimelineDraft(
        @NotNull(message = "When did it happen?")
        @StorableTime(message = "Choose a moment between 1970 and 9999.")
        Instant occurredAt,
        @NotNull(message = "Choose what kind of moment this was.")
        TimelineKind kind,
        @NotBlank(message = "Say what happened.")
        @Size(max = 2_000, message = "Keep an entry under 2,000 characters.")
        String description,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Long version) {

    /** A moment that names no version to start from (new ones, forms that carry the version themselves). */
    public TimelineDraft(Instant occurredAt, TimelineKind kind, String description) {
        this(occurredAt, kind, description, null);
    }

    /** What is recorded about {@code entry} now, as its edit form would send it back untouched. */
    public static TimelineDraft of(TimelineEntry entry) {
        return new TimelineDraft(entry.occurredAt, entry.kind, entry.description);
    }
}
