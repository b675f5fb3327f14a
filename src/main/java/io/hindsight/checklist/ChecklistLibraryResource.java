package io.hindsight.checklist;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Conflict;
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
import org.jboss.resteasy.reactive.RestPath;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The checklist library: everyone reads it, admins edit it (each edit is a new version). */
@Path("/checklists")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class ChecklistLibraryResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance library(List<ChecklistTemplate> checklists);

        static native TemplateInstance checklist(ChecklistTemplate checklist, List<ChecklistTemplate> history);

        static native TemplateInstance form(ChecklistForm form, Map<String, String> errors, ChecklistTemplate editing, String action,
                                            Conflict conflict);
    }

    @Inject
    ChecklistService checklists;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance library() {
        return Templates.library(checklists.library());
    }

    @GET
    @Path("/new")
    @RolesAllowed(Role.MANAGE)
    public TemplateInstance initCreationForm() {
        return Templates.form(ChecklistForm.blank(), Map.of(), null, "/checklists", null);
    }

    @POST
    @RolesAllowed(Role.MANAGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response processCreationForm(@BeanParam ChecklistForm form) {
        try {
            ChecklistTemplate saved = checklists.save(me.id(), null, form.name, form.failurePattern, form.items());
            flash.success("Checklist added to the library.");
            return Response.seeOther(URI.create("/checklists/" + saved.slug)).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.form(form.withSpareRows(), e.byField(), null, "/checklists", null)).build();
        }
    }

    @GET
    @Path("/{slug}")
    public TemplateInstance show(@RestPath String slug) {
        return Templates.checklist(checklists.current(slug), checklists.history(slug));
    }

    @GET
    @Path("/{slug}/edit")
    @RolesAllowed(Role.MANAGE)
    public TemplateInstance initUpdateForm(@RestPath String slug) {
        ChecklistTemplate current = checklists.current(slug);
        return Templates.form(ChecklistForm.of(current), Map.of(), current, "/checklists/" + slug + "/edit", null);
    }

    @POST
    @Path("/{slug}/edit")
    @RolesAllowed(Role.MANAGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response processUpdateForm(@RestPath String slug, @BeanParam ChecklistForm form) {
        try {
            ChecklistTemplate saved = checklists.save(me.id(), slug, form.name, form.failurePattern, form.items(), form.basedOn);
            flash.success("Saved as version " + saved.version + ". Incidents keep the version they were attached with.");
            return Response.seeOther(URI.create("/checklists/" + slug)).build();
        } catch (InvalidInputException e) {
            ChecklistTemplate current = checklists.current(slug);
            return Response.status(400).entity(Templates.form(form.withSpareRows(), e.byField(), current,
                    "/checklists/" + slug + "/edit", null)).build();
        } catch (RuntimeException e) {
            if (Conflict.lostRace(e) == null) {
                throw e;
            }
            // Another admin saved a version meanwhile: their version above, this admin's text still in the form.
            ChecklistTemplate current = checklists.current(slug);
            ChecklistForm now = ChecklistForm.of(current);
            Conflict conflict = Conflict.at(current.createdAt, current.version)
                    .field("name", "Name", form.name, now.name)
                    .field("failurePattern", "Failure pattern", form.failurePattern, now.failurePattern)
                    .field("items", "Items, one per line", form.itemLines(), now.itemLines())
                    .build();
            form.basedOn = current.version;
            return Response.status(409).entity(Templates.form(form.withSpareRows(), Map.of(), current,
                    "/checklists/" + slug + "/edit", conflict)).build();
        }
    }
}
