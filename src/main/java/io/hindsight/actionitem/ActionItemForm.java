package io.hindsight.actionitem;

import io.hindsight.validation.FieldError;
import io.hindsight.validation.Enums;
import io.hindsight.validation.InvalidInputException;
import org.jboss.resteasy.reactive.RestForm;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The action item form (adding one, or editing it) as typed. */
public class ActionItemForm {

    @RestForm public String title = "";
    @RestForm public String ownerId = "";
    @RestForm public String dueOn = "";
    @RestForm public String priority = "P2";
    @RestForm public String kind = "PREVENT";
    @RestForm public String trackerUrl = "";
    /** The version the editor started from, to notice concurrent edits; absent when adding. */
    @RestForm public Long version;

    /** What {@code item} says now, for its edit form. */
    public static ActionItemForm of(ActionItem item) {
        ActionItemForm form = new ActionItemForm();
        form.title = item.title;
        form.ownerId = item.owner == null ? "" : item.owner.id.toString();
        form.dueOn = item.dueOn == null ? "" : item.dueOn.toString();
        form.priority = item.priority.name();
        form.kind = item.kind.name();
        form.trackerUrl = item.trackerUrl == null ? "" : item.trackerUrl;
        form.version = item.version;
        return form;
    }

    /** Advice on the title as typed when it has no measurable outcome, or {@code null}; never a reason to refuse it. */
    public VagueActionCheck.Advice titleAdvice() {
        return VagueActionCheck.advise(title).orElse(null);
    }

    public ActionItemDraft toDraft() {
        List<FieldError> errors = new ArrayList<>();
        Long owner = null;
        if (ownerId != null && !ownerId.isBlank()) {
            try {
                owner = Long.valueOf(ownerId.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("ownerId", "Choose an owner from the list."));
            }
        }
        LocalDate due = null;
        if (dueOn != null && !dueOn.isBlank()) {
            try {
                due = LocalDate.parse(dueOn.strip());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("dueOn", "Use a date like 2026-12-01."));
            }
        }
        ActionItem.Priority p = Enums.parse(ActionItem.Priority.class, priority, "priority", "Choose a priority.", errors);
        ActionItem.Kind k = Enums.parse(ActionItem.Kind.class, kind, "kind", "Choose detect, mitigate or prevent.", errors);
        ActionItemDraft draft = new ActionItemDraft(title, owner, due, p, k, trackerUrl == null ? "" : trackerUrl.strip());
        if (!errors.isEmpty()) {
            // Report everything at once: what could not be read, and what the rules say about the rest.
            if (title == null || title.isBlank()) {
                errors.add(new FieldError("title", "Say what will be done."));
            }
            throw new InvalidInputException(errors);
        }
        return draft;
    }
}
