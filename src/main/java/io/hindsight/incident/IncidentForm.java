package io.hindsight.incident;

import io.hindsight.validation.FieldError;
import io.hindsight.validation.Enums;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.TimeFormat;
import org.jboss.resteasy.reactive.RestForm;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The incident form as typed: every value kept as the person entered it, so a rejected form comes
 * back exactly as they left it. Times are {@code datetime-local} values in {@link #zone}.
 */
public class IncidentForm {

    @RestForm public String title = "";
    @RestForm public String summary = "";
    @RestForm public String severity = "";
    @RestForm public String status = IncidentStatus.INVESTIGATING.name();
    @RestForm public String startedAt = "";
    @RestForm public String detectedAt = "";
    @RestForm public String mitigatedAt = "";
    @RestForm public String resolvedAt = "";
    @RestForm public String customerImpact = "";
    @RestForm public String affectedServices = "";
    @RestForm public String tags = "";
    /** The zone the times were shown and typed in. */
    @RestForm public String zone = "UTC";
    /** Set by the new-incident form's "Check for similar incidents" button: the form comes back with suggestions. */
    @RestForm public String similarCheck = "";
    /** The version the editor started from, to notice concurrent edits. */
    @RestForm public Long version;

    public static IncidentForm blank(ZoneId zone, Instant now) {
        IncidentForm form = new IncidentForm();
        form.zone = zone.getId();
        form.startedAt = TimeFormat.formatInput(now, zone);
        return form;
    }

    public static IncidentForm of(Incident incident, ZoneId zone) {
        IncidentForm form = new IncidentForm();
        form.title = incident.title;
        form.summary = incident.summary;
        form.severity = incident.severity.name();
        form.status = incident.status.name();
        form.startedAt = TimeFormat.formatInput(incident.startedAt, zone);
        form.detectedAt = TimeFormat.formatInput(incident.detectedAt, zone);
        form.mitigatedAt = TimeFormat.formatInput(incident.mitigatedAt, zone);
        form.resolvedAt = TimeFormat.formatInput(incident.resolvedAt, zone);
        form.customerImpact = incident.customerImpact;
        form.affectedServices = String.join(", ", incident.affectedServices);
        form.tags = String.join(", ", incident.tags);
        form.zone = zone.getId();
        form.version = incident.version;
        return form;
    }

    /**
     * What the form says, as a draft for the service. Values that cannot even be read (a date that
     * is not a date) are reported as field errors here, before any rule is checked.
     */
    public IncidentDraft toDraft() {
        List<FieldError> errors = new ArrayList<>();
        ZoneId zoneId = zone();
        IncidentDraft draft = new IncidentDraft(title, summary,
                Enums.parse(Severity.class, severity, "severity", "Choose a severity.", errors),
                Enums.parse(IncidentStatus.class, status, "status", "Choose a status.", errors),
                time(startedAt, zoneId, "startedAt", errors),
                time(detectedAt, zoneId, "detectedAt", errors),
                time(mitigatedAt, zoneId, "mitigatedAt", errors),
                time(resolvedAt, zoneId, "resolvedAt", errors),
                customerImpact, list(affectedServices), list(tags));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return draft;
    }

    public ZoneId zone() {
        return zoneOf(zone);
    }

    static ZoneId zoneOf(String id) {
        try {
            return ZoneId.of(id == null || id.isBlank() ? "UTC" : id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    static Instant time(String value, ZoneId zone, String field, List<FieldError> errors) {
        try {
            return TimeFormat.parseInput(value, zone);
        } catch (DateTimeException e) {
            errors.add(new FieldError(field, "Use a date and time like 2026-03-14 09:30."));
            return null;
        }
    }

    static List<String> list(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split("[,\\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
