package io.hindsight.trash;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.validation.InvalidInputException;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The Trash page: deleted incidents with who and when, restore, and (admins) the purge form. */
@Path("/trash")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.EDIT)
public class TrashResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance trash(List<TrashedIncident> incidents, Instant now, Duration retention, String rule);

        static native TemplateInstance purge(TrashedIncident incident, boolean early, String typed, Map<String, String> errors);
    }

    @Inject
    TrashService trash;

    @Inject
    TrashConfig config;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @Inject
    Clock clock;

    @GET
    public TemplateInstance list() {
        return Templates.trash(trash.list(deleter()), clock.instant(), config.retention(), TrashService.RULE);
    }

    @POST
    @Path("/{id}/restore")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response restore(@RestPath long id) {
        trash.restore(id, deleter());
        flash.success("Incident restored: it is back in lists, exports, feeds and share links.");
        return Response.seeOther(URI.create("/incidents/" + id)).build();
    }

    @GET
    @Path("/{id}/purge")
    @RolesAllowed(Role.MANAGE)
    public TemplateInstance initPurgeForm(@RestPath long id) {
        TrashedIncident incident = trash.get(id, deleter());
        return Templates.purge(incident, !incident.purgeableAt(clock.instant()), "", Map.of());
    }

    @POST
    @Path("/{id}/purge")
    @RolesAllowed(Role.MANAGE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response processPurgeForm(@RestPath long id, @RestForm String title, @RestForm String force) {
        try {
            trash.purge(id, deleter(), title, "yes".equals(force));
        } catch (InvalidInputException e) {
            TrashedIncident incident = trash.get(id, deleter());
            return Response.status(400).entity(Templates.purge(incident, !incident.purgeableAt(clock.instant()),
                    title == null ? "" : title, e.byField())).build();
        }
        flash.success("Incident #" + id + " was deleted for good. The audit log keeps a record of it.");
        return Response.seeOther(URI.create("/trash")).build();
    }

    private Deleter deleter() {
        return new Deleter(me.requireId(), me.isAdmin());
    }
}
