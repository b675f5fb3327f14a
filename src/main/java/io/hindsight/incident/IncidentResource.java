package io.hindsight.incident;

import io.hindsight.validation.Enums;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Conflict;
import io.hindsight.web.Flash;
import io.hindsight.web.ViewerZone;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The incident pages: list, record, view, edit, the quick status and severity changes, and the timeline on the
 * incident page.
 */
@Path("/incidents")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class IncidentResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(IncidentPage page, StatusCounts counts, List<String> knownTags,
                                            List<String> knownServices, long everything);

        static native TemplateInstance form(IncidentForm form, Map<String, String> errors, Incident incident, String action,
                                            Conflict conflict);

        static native TemplateInstance show(Incident incident, TimelineForm timelineForm, Map<String, String> errors,
                                            boolean askAboutStart, QuickChange quick);

        static native TemplateInstance timelineEntry(Incident incident, long entryId, TimelineForm form,
                                                     Map<String, String> errors, boolean askAboutStart, Conflict conflict);
    }

    /** Key of a message about the whole form rather than one field. */
    static final String FORM_ERROR = "_form";

    @Inject
    IncidentService incidents;

    @Inject
    ViewerZone viewer;

    @Inject
    Flash flash;

    @Inject
    CurrentUser me;

    @Inject
    Clock clock;

    /**
     * The list. Its pager walks by cursor ({@code after} / {@code before}); a numbered {@code page} (older addresses)
     * still opens, as deep as {@link IncidentQuery#MAX_OFFSET} rows, and a deeper one opens the first page.
     */
    @GET
    public Response list(@RestQuery String status, @RestQuery String severity, @RestQuery String tag,
                         @RestQuery String service, @RestQuery String q, @RestQuery String sort,
                         @RestQuery Integer page, @RestQuery Integer size, @RestQuery String after,
                         @RestQuery String before) {
        IncidentQuery query = IncidentQuery.lenient(status, severity, tag, service, q, sort, page, size, after, before);
        if (query.offset() > IncidentQuery.MAX_OFFSET) {
            return seeOther(query.withPage(1).href());
        }
        StatusCounts counts = incidents.countByStatus(query);
        long everything = query.isFiltered() ? incidents.count() : counts.total();
        return Response.ok(Templates.list(incidents.search(query, counts), counts, incidents.knownTags(),
                incidents.knownServices(), everything)).build();
    }

    @GET
    @Path("/new")
    @RolesAllowed(Role.EDIT)
    public TemplateInstance initCreationForm() {
        return Templates.form(IncidentForm.blank(viewer.zone(), clock.instant()), Map.of(), null, "/incidents", null);
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response processCreationForm(@BeanParam IncidentForm form) {
        try {
            Incident incident = incidents.create(form.toDraft(), me.id());
            flash.success("Incident recorded. Add to its timeline while it is fresh.");
            return seeOther("/incidents/" + incident.id);
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.form(form, e.byField(), null, "/incidents", null)).build();
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance show(@RestPath long id) {
        Incident incident = incidents.get(id);
        return Templates.show(incident, TimelineForm.blank(viewer.zone(), clock.instant()), Map.of(), false,
                QuickChange.of(incident));
    }

    @GET
    @Path("/{id}/edit")
    @RolesAllowed(Role.EDIT)
    public TemplateInstance initUpdateForm(@RestPath long id) {
        Incident incident = incidents.get(id);
        return Templates.form(IncidentForm.of(incident, viewer.zone()), Map.of(), incident, "/incidents/" + id + "/edit",
                null);
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/{id}/edit")
    public Response processUpdateForm(@RestPath long id, @BeanParam IncidentForm form) {
        try {
            incidents.update(id, form.toDraft(), form.version);
            flash.success("Changes saved.");
            return seeOther("/incidents/" + id);
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.form(form, e.byField(), incidents.get(id), "/incidents/" + id + "/edit",
                    null)).build();
        } catch (RuntimeException e) {
            if (Conflict.lostRace(e) == null) {
                throw e;
            }
            return conflict(id, form);
        }
    }

    /**
     * Someone else saved the incident after this form was opened: the form again with what this person typed, above
     * it the current values and the differences, and the form now starts from the current version. What they typed is
     * also kept as a draft revision.
     */
    private Response conflict(long id, IncidentForm form) {
        Incident current = incidents.get(id);
        IncidentForm now = IncidentForm.of(current, form.zone());
        Conflict.Builder fields = Conflict.at(current.updatedAt, current.version)
                .keptAs(incidents.keepDraft(id, form.toDraft(), me.id())
                        .map(draft -> "/incidents/" + id + "/history/compare?to=" + draft.id).orElse(null))
                .field("title", "Title", form.title, now.title)
                .field("severity", "Severity", form.severity, now.severity)
                .field("status", "Status", form.status, now.status)
                .field("summary", "Summary", form.summary, now.summary)
                .field("startedAt", "Impact started", form.startedAt, now.startedAt)
                .field("detectedAt", "Detected", form.detectedAt, now.detectedAt)
                .field("mitigatedAt", "Mitigated", form.mitigatedAt, now.mitigatedAt)
                .field("resolvedAt", "Resolved", form.resolvedAt, now.resolvedAt)
                .field("customerImpact", "Customer impact", form.customerImpact, now.customerImpact)
                .field("affectedServices", "Affected services", form.affectedServices, now.affectedServices)
                .field("tags", "Tags", form.tags, now.tags);
        form.version = current.version;
        return Response.status(409).entity(Templates.form(form, Map.of(), current, "/incidents/" + id + "/edit",
                fields.build())).build();
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/{id}/status")
    public Response changeStatus(@RestPath long id, @RestForm String status, @RestForm Long version) {
        IncidentStatus wanted = Enums.lenient(IncidentStatus.class, status);
        try {
            if (incidents.changeStatus(id, wanted, version)) {
                flash.success("Status changed to " + wanted.label() + ".");
            } else {
                flash.info("The status already was " + wanted.label() + ".");
            }
            return seeOther("/incidents/" + id);
        } catch (InvalidInputException e) {
            return quickChangeRefused(id, status, null, e);
        }
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/{id}/severity")
    public Response changeSeverity(@RestPath long id, @RestForm String severity, @RestForm Long version) {
        Severity wanted = Enums.lenient(Severity.class, severity);
        try {
            if (incidents.changeSeverity(id, wanted, version)) {
                flash.success("Severity changed to " + wanted.name() + " (" + wanted.label() + ").");
            } else {
                flash.info("The severity already was " + wanted.name() + ".");
            }
            return seeOther("/incidents/" + id);
        } catch (InvalidInputException e) {
            return quickChangeRefused(id, null, severity, e);
        }
    }

    private Response quickChangeRefused(long id, String status, String severity, InvalidInputException e) {
        Incident incident = incidents.get(id);
        QuickChange quick = QuickChange.refused(incident, status, severity, e.byField());
        return Response.status(400)
                .entity(Templates.show(incident, TimelineForm.blank(viewer.zone(), clock.instant()), Map.of(), false, quick)).build();
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/{id}/timeline")
    public Response addTimelineEntry(@RestPath long id, @BeanParam TimelineForm form) {
        try {
            incidents.addTimelineEntry(id, form.toDraft(), me.id(), form.beforeStart());
            flash.success(form.beforeStart() == BeforeStart.MOVE_START
                    ? "Added to the timeline; the impact now starts at this moment." : "Added to the timeline.");
            return seeOther("/incidents/" + id + "#timeline");
        } catch (InvalidInputException e) {
            Incident incident = incidents.get(id);
            return Response.status(400).entity(Templates.show(incident, form, e.byField(), false, QuickChange.of(incident))).build();
        } catch (BeforeStart.Question e) {
            Incident incident = incidents.get(id);
            return Response.status(400).entity(Templates.show(incident, form, Map.of(), true, QuickChange.of(incident))).build();
        }
    }

    /** The address of one moment reads it where it is shown, on the incident page (the 403 page links back here). */
    @GET
    @Path("/{id}/timeline/{entryId}")
    public Response showTimelineEntry(@RestPath long id, @RestPath long entryId) {
        incidents.timelineEntry(id, entryId);
        return Response.seeOther(URI.create("/incidents/" + id + "#entry-" + entryId)).build();
    }

    @GET
    @RolesAllowed(Role.EDIT)
    @Path("/{id}/timeline/{entryId}/edit")
    public TemplateInstance initTimelineEntryForm(@RestPath long id, @RestPath long entryId) {
        TimelineEntry entry = incidents.timelineEntry(id, entryId);
        return Templates.timelineEntry(entry.incident, entryId, TimelineForm.of(entry, viewer.zone()), Map.of(), false, null);
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/{id}/timeline/{entryId}/edit")
    public Response processTimelineEntryForm(@RestPath long id, @RestPath long entryId, @BeanParam TimelineForm form) {
        try {
            incidents.updateTimelineEntry(id, entryId, form.toDraft(), form.beforeStart(), form.version);
            flash.success(form.beforeStart() == BeforeStart.MOVE_START
                    ? "Timeline entry saved; the impact now starts at its time." : "Timeline entry saved.");
            return Response.seeOther(URI.create("/incidents/" + id + "#entry-" + entryId)).build();
        } catch (InvalidInputException e) {
            TimelineEntry entry = incidents.timelineEntry(id, entryId);
            return Response.status(400).entity(Templates.timelineEntry(entry.incident, entryId, form, e.byField(), false, null)).build();
        } catch (BeforeStart.Question e) {
            TimelineEntry entry = incidents.timelineEntry(id, entryId);
            return Response.status(400).entity(Templates.timelineEntry(entry.incident, entryId, form, Map.of(), true, null)).build();
        } catch (RuntimeException e) {
            if (Conflict.lostRace(e) == null) {
                throw e;
            }
            TimelineEntry current = incidents.timelineEntry(id, entryId);
            TimelineForm now = TimelineForm.of(current, form.zone());
            Conflict conflict = Conflict.at(current.incident.updatedAt, current.version)
                    .keptAs(incidents.keepTimelineDraft(id, entryId, form.toDraft(), me.id())
                            .map(draft -> "/incidents/" + id + "/history/compare?to=" + draft.id).orElse(null))
                    .field("occurredAt", "When", form.occurredAt, now.occurredAt)
                    .field("kind", "Kind", form.kind, now.kind)
                    .field("description", "What happened", form.description, now.description)
                    .build();
            form.version = current.version;
            return Response.status(409).entity(Templates.timelineEntry(current.incident, entryId, form, Map.of(), false,
                    conflict)).build();
        }
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/{id}/timeline/{entryId}/delete")
    public Response removeTimelineEntry(@RestPath long id, @RestPath long entryId) {
        incidents.removeTimelineEntry(id, entryId);
        flash.info("Removed from the timeline.");
        return seeOther("/incidents/" + id + "#timeline");
    }

    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
