package io.hindsight.trash;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
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
import org.jboss.resteasy.reactive.RestPath;

import java.net.URI;

/** Delete on the incident page: a confirmation page (no script needed), then the POST that moves it to the Trash. */
@Path("/incidents/{id}/delete")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.EDIT)
public class IncidentDeletionResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance confirm(Incident incident, String refusal, String rule);
    }

    @Inject
    IncidentService incidents;

    @Inject
    TrashService trash;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance initDeleteForm(@RestPath long id) {
        Incident incident = incidents.get(id);
        return Templates.confirm(incident, trash.whyNotDelete(incident, deleter()).orElse(null), TrashService.RULE);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response processDeleteForm(@RestPath long id) {
        trash.delete(id, deleter());
        flash.success("Incident #" + id + " moved to the Trash. You can restore it from there.");
        return Response.seeOther(URI.create("/incidents")).build();
    }

    private Deleter deleter() {
        return new Deleter(me.requireId(), me.isAdmin());
    }
}
