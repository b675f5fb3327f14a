package io.hindsight.incident;

import io.hindsight.validation.FieldError;
import io.hindsight.validation.Enums;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.TimeFormat;
import org.jboss.resteasy.reactive.RestForm;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** The "add to the timeline" and "edit a timeline entry" forms as typed. */
public class TimelineForm {

    @RestForm public String occurredAt = "";
    @RestForm public String kind = TimelineKind.ACTION.name();
    @RestForm public String description = "";
    @RestForm public String zone = "UTC";
    /** The answer to "this is before the impact started": {@code move-start}, {@code keep}, or nothing yet. */
    @RestForm public String confirm;
    /** The version of the entry the editor started from, to notice someone else's correction meanwhile. */
    @RestForm public Long version;

    public static TimelineForm blank(ZoneId zone, Instant now) {
        TimelineForm form = new TimelineForm();
        form.zone = zone.getId();
        form.occurredAt = TimeFormat.formatInput(now, zone);
        return form;
    }

    public static TimelineForm of(TimelineEntry entry, ZoneId zone) {
        TimelineForm form = new TimelineForm();
        form.zone = zone.getId();
        form.occurredAt = TimeFormat.formatInput(entry.occurredAt, zone);
        form.kind = entry.kind.name();
        form.description = entry.description;
        form.version = entry.version;
        return form;
    }

    public ZoneId zone() {
        return IncidentForm.zoneOf(zone);
    }

    public BeforeStart beforeStart() {
        return BeforeStart.fromConfirm(confirm);
    }

    public String zoneHint() {
        return "Time zone: " + zone;
    }

    public TimelineDraft toDraft() {
        List<FieldError> errors = new ArrayList<>();
        TimelineDraft draft = new TimelineDraft(
                IncidentForm.time(occurredAt, IncidentForm.zoneOf(zone), "occurredAt", errors),
                Enums.parse(TimelineKind.class, kind, "kind", "Choose what kind of moment this was.", errors),
                description);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return draft;
    }
}
