package io.hindsight.checklist;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.validation.Enums;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Conflict;
import io.hindsight.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.util.List;
import java.util.Map;

/** The Checklists tab of an incident: attach from the library, tick items to done. */
@Path("/incidents/{id}/checklists")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class IncidentChecklistResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance checklists(Incident incident, List<IncidentChecklist> attached,
                                                  List<ChecklistTemplate> library, List<ChecklistTemplate> suggested,
                                                  Map<String, Integer> currentVersions, Map<String, String> errors, Long errorItem,
                                                  Map<Long, String> people);
    }

    @Inject
    ChecklistService checklists;

    @Inject
    IncidentService incidents;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list(@RestPath long id) {
        return page(id, Map.of(), null);
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response attach(@RestPath long id, @RestForm String checklist) {
        try {
            checklists.attach(me.id(), id, checklist);
            flash.success("Checklist attached. Tick items as they are done; each shows who and when.");
            return Response.seeOther(URI.create("/incidents/" + id + "/checklists")).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(id, e.byField(), null)).build();
        }
    }

    @POST
    @Path("/items/{itemId}")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setState(@RestPath long id, @RestPath long itemId, @RestForm String state, @RestForm String note,
                             @RestForm Long version) {
        ItemState wanted = Enums.lenient(ItemState.class, state);
        try {
            checklists.setState(me.id(), id, itemId, wanted, note, version);
            return Response.seeOther(URI.create("/incidents/" + id + "/checklists#item-" + itemId)).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(id, e.byFieldOfRow(itemId), itemId)).build();
        } catch (RuntimeException e) {
            if (Conflict.lostRace(e) == null) {
                throw e;
            }
            // Someone settled or reopened the item after this page was loaded: show theirs, keep this person's note.
            IncidentChecklistItem current = checklists.item(id, itemId);
            String typed = note == null ? "" : note.strip();
            if (!typed.isEmpty() || wanted != null) {
                checklists.keepDraft(id, itemId, wanted, typed, me.id());
            }
            String message = "Someone else changed this item meanwhile: it is now " + current.state.label()
                    + (current.note.isEmpty() ? "" : " (" + current.note + ")") + ". Nothing of yours was saved"
                    + (typed.isEmpty() ? "." : "; your note, kept in the history as a draft, was: \u201c" + typed + "\u201d.")
                    + " Choose again if it still needs changing.";
            return Response.status(409).entity(page(id, Map.of("note-" + itemId, message), itemId)).build();
        }
    }

    private TemplateInstance page(long id, Map<String, String> errors, Long errorItem) {
        Incident incident = incidents.get(id);
        List<IncidentChecklist> attached = checklists.forIncident(id);
        return Templates.checklists(incident, attached, checklists.library(), checklists.suggestions(id, attached),
                checklists.currentVersions(), errors, errorItem, checklists.namesOfPeople(attached));
    }
}
