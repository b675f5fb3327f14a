package io.hindsight.lesson;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.audit.Audit;
import io.hindsight.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Your account → Feed: your private feed address, created (shown once), revoked and created anew. */
@Path("/account/feed")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class FeedAddressResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance feed(FeedToken live, String created);
    }

    @Inject
    FeedAddresses addresses;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @Inject
    RoutingContext ctx;

    @GET
    public TemplateInstance page() {
        return Templates.feed(addresses.live(me.requireId()).orElse(null), null);
    }

    /** Answers with the page itself (no redirect): the address is shown this once and never stored. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create() {
        FeedAddresses.Created created = addresses.create(me.requireId(), Audit.addressOf(ctx.request()));
        return Response.ok(Templates.feed(created.token(), created.url())).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke() {
        if (addresses.revoke(me.requireId(), Audit.addressOf(ctx.request()))) {
            flash.success("Your private feed address is revoked: feed readers using it get nothing from now on.");
        }
        return Response.seeOther(URI.create("/account/feed")).build();
    }
}
