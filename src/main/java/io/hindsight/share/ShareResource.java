package io.hindsight.share;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.hindsight.web.PublicUrl;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Share links of a published postmortem: editors create and revoke them. */
@Path("/incidents/{id}/postmortem/share")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class ShareResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance links(Incident incident, Postmortem postmortem, List<ShareLink> links, String created,
                                             Map<String, String> errors);

    }

    @Inject
    ShareService shares;

    @Inject
    IncidentService incidents;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @Inject
    PublicUrl publicUrl;

    @GET
    public TemplateInstance links(@RestPath long id) {
        return page(id, null, Map.of());
    }

    /** Answers with the page itself: the address is shown this once and only its hash is kept. */
    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestPath long id) {
        try {
            ShareService.Created created = shares.create(id, me.id());
            String url = publicUrl.of("/share/" + created.token());
            return Response.ok(page(id, url, Map.of())).header("Cache-Control", "no-store").build();
        } catch (InvalidInputException e) {
            return Response.status(409).entity(page(id, null, e.byField())).build();
        }
    }

    @POST
    @Path("/{linkId}/revoke")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@RestPath long id, @RestPath long linkId) {
        shares.revoke(id, linkId);
        flash.success("Link revoked. Anyone who opens it now sees that it no longer works.");
        return Response.seeOther(URI.create("/incidents/" + id + "/postmortem/share")).build();
    }

    private TemplateInstance page(long id, String created, Map<String, String> errors) {
        Incident incident = incidents.get(id);
        Postmortem postmortem = Postmortem.findByIncident(id).orElseThrow(() -> new NotFoundException("No postmortem yet"));
        return Templates.links(incident, postmortem, shares.links(id), created, errors);
    }
}
