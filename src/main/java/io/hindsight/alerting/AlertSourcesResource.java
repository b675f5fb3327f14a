package io.hindsight.alerting;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.hindsight.web.PublicUrl;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Admin → Integrations → Alert sources: the alerting tools allowed to open incidents. A new bearer token is shown on
 * the page that answers the form (200, not a redirect): it must not travel in a flash cookie, and it is never shown
 * again.
 */
@Path("/admin/integrations/alerts")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.MANAGE)
public class AlertSourcesResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance sources(List<AlertSource> sources, AlertSources.Form form, Map<String, String> errors,
                                               List<AlertKind> kinds);

        static native TemplateInstance source(AlertSource source, String inboundUrl, String issuedToken,
                                              List<AlertDelivery> deliveries, Map<String, String> errors);
    }

    @Inject
    AlertSources sources;

    @Inject
    AlertConfig config;

    @Inject
    PublicUrl publicUrl;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance initAddForm() {
        return Templates.sources(sources.all(), AlertSources.Form.blank(), Map.of(), kinds());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response processAddForm(@RestForm String kind, @RestForm String name, @RestForm String defaultSeverity,
                                   @RestForm String service, @RestForm String signingSecret) {
        AlertSources.Form form = new AlertSources.Form(kind, name, defaultSeverity, service, "");
        try {
            AlertSources.Issued issued = sources.add(me.requireId(), new AlertSources.Form(kind, name, defaultSeverity, service, signingSecret));
            return Response.ok(page(issued.source(), issued.token(), Map.of())).build();
        } catch (InvalidInputException e) {
            // The signing secret is not typed back into the page.
            return Response.status(400).entity(Templates.sources(sources.all(), form, e.byField(), kinds())).build();
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance show(@RestPath long id) {
        return page(sources.get(id), null, Map.of());
    }

    /** A new bearer token (shown on the answer, once), or PagerDuty's signing secret. */
    @POST
    @Path("/{id}/rotate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rotate(@RestPath long id, @RestForm String signingSecret) {
        try {
            AlertSources.Issued issued = sources.rotate(me.requireId(), id, signingSecret);
            if (issued.token() == null) {
                flash.success("The signing secret of " + issued.source().name + " is saved; it ends in "
                        + issued.source().secretHint + ".");
                return back(id);
            }
            return Response.ok(page(issued.source(), issued.token(), Map.of())).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(sources.get(id), null, e.byField())).build();
        }
    }

    @POST
    @Path("/{id}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@RestPath long id) {
        AlertSource source = sources.setDisabled(me.requireId(), id, true);
        flash.success(source.name + " is disabled: its deliveries are refused (410) until it is enabled again.");
        return back(id);
    }

    @POST
    @Path("/{id}/enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@RestPath long id) {
        AlertSource source = sources.setDisabled(me.requireId(), id, false);
        flash.success(source.name + " is enabled.");
        return back(id);
    }

    @POST
    @Path("/{id}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response remove(@RestPath long id) {
        AlertSource source = sources.remove(me.requireId(), id);
        flash.success(source.name + " is removed. The incidents it opened stay; its address now answers 404.");
        return Response.seeOther(URI.create("/admin/integrations/alerts")).build();
    }

    private TemplateInstance page(AlertSource source, String issuedToken, Map<String, String> errors) {
        return Templates.source(source, publicUrl.of(source.inboundPath()), issuedToken,
                sources.latestDeliveries(source.id, config.deliveriesShown()), errors);
    }

    private static List<AlertKind> kinds() {
        return Arrays.asList(AlertKind.values());
    }

    private static Response back(long id) {
        return Response.seeOther(URI.create("/admin/integrations/alerts/" + id)).build();
    }
}
