package io.hindsight.actionitem;

import io.hindsight.account.CurrentUser;
import io.hindsight.history.Revision;
import io.hindsight.web.Conflict;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.validation.Enums;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The Action items tab of an incident: add items, correct them, move them along. */
@Path("/incidents/{id}/action-items")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class IncidentActionItemResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance incidentItems(Incident incident, List<ActionItem> items, List<User> owners,
                                                     ActionItemForm form, Map<String, String> errors, Long errorItem, LocalDate today);

        static native TemplateInstance edit(Incident incident, long itemId, List<User> owners, ActionItemForm form, Conflict conflict,
                                            Map<String, String> errors);

    }

    @Inject
    ActionItemService actions;

    @Inject
    IncidentService incidents;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance forIncident(@RestPath long id) {
        return page(id, new ActionItemForm(), Map.of(), null);
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestPath long id, @BeanParam ActionItemForm form) {
        try {
            actions.create(id, form.toDraft());
            flash.success("Action item added. It stays on its owner's dashboard until it is done.");
            return Response.seeOther(URI.create("/incidents/" + id + "/action-items")).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(id, form, e.byField(), null)).build();
        }
    }

    /** The address of one item reads it in its row on the tab (the 403 page of its edit form links back here). */
    @GET
    @Path("/{itemId}")
    public Response showItem(@RestPath long id, @RestPath long itemId) {
        actions.get(id, itemId);
        return Response.seeOther(URI.create("/incidents/" + id + "/action-items#item-" + itemId)).build();
    }

    @GET
    @Path("/{itemId}/edit")
    @RolesAllowed(Role.EDIT)
    public TemplateInstance initUpdateForm(@RestPath long id, @RestPath long itemId) {
        ActionItem item = actions.get(id, itemId);
        return Templates.edit(incidents.get(id), itemId, actions.possibleOwners(), ActionItemForm.of(item), null, Map.of());
    }

    @POST
    @Path("/{itemId}/edit")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response processUpdateForm(@RestPath long id, @RestPath long itemId, @BeanParam ActionItemForm form) {
        try {
            actions.update(id, itemId, form.toDraft(), form.version);
            flash.success("Action item saved.");
            return Response.seeOther(URI.create("/incidents/" + id + "/action-items#item-" + itemId)).build();
        } catch (InvalidInputException e) {
            actions.get(id, itemId); // an item that is not there is a 404, even when the form could not be read
            return Response.status(400).entity(Templates.edit(incidents.get(id), itemId, actions.possibleOwners(), form, null,
                    e.byField())).build();
        } catch (RuntimeException e) {
            if (Conflict.lostRace(e) == null) {
                throw e;
            }
            return conflict(id, itemId, form);
        }
    }

    /**
     * Someone else saved the item after this form was opened: the form again as typed, starting from the current
     * version, with the current values and the differences above it; what was typed is kept as a draft revision.
     */
    private Response conflict(long id, long itemId, ActionItemForm form) {
        ActionItem current = actions.get(id, itemId);
        ActionItemForm now = ActionItemForm.of(current);
        List<User> owners = actions.possibleOwners();
        Map<String, String> names = new java.util.HashMap<>();
        owners.forEach(u -> names.put(String.valueOf(u.id), u.name));
        if (current.owner != null) {
            names.put(String.valueOf(current.owner.id), current.owner.name);
        }
        Revision kept = actions.keepDraft(id, itemId, form.toDraft(), me.id());
        Conflict conflict = Conflict.at(current.updatedAt, current.version)
                .keptAs("/incidents/" + id + "/history/compare?to=" + kept.id)
                .field("title", "Title", form.title, now.title)
                .field("ownerId", "Owner", names.getOrDefault(form.ownerId, "Nobody yet"), names.getOrDefault(now.ownerId, "Nobody yet"))
                .field("dueOn", "Due", form.dueOn, now.dueOn)
                .field("priority", "Priority", form.priority, now.priority)
                .field("kind", "Kind", form.kind, now.kind)
                .field("trackerUrl", "Tracker link", form.trackerUrl, now.trackerUrl)
                .build();
        form.version = current.version;
        return Response.status(409).entity(Templates.edit(incidents.get(id), itemId, owners, form, conflict, Map.of())).build();
    }

    @POST
    @Path("/{itemId}/status")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setStatus(@RestPath long id, @RestPath long itemId, @RestForm String status, @RestForm String reason) {
        try {
            actions.setStatus(id, itemId, Enums.lenient(ActionItem.Status.class, status), reason);
            return Response.seeOther(URI.create("/incidents/" + id + "/action-items#item-" + itemId)).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(id, new ActionItemForm(), e.byField(), itemId)).build();
        }
    }

    private TemplateInstance page(long id, ActionItemForm form, Map<String, String> errors, Long errorItem) {
        return Templates.incidentItems(incidents.get(id), actions.forIncident(id), actions.possibleOwners(), form, errors,
                errorItem, actions.today());
    }
}
