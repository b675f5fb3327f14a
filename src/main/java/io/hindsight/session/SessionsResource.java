package io.hindsight.session;

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
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** "Your sessions": where you are signed in, and a way to end any of it. */
@Path("/account/sessions")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class SessionsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance sessions(List<UserSession> sessions, UUID current, SessionConfig config);
    }

    @Inject
    SessionService sessions;

    @Inject
    SessionConfig config;

    @Inject
    CurrentUser me;

    @Inject
    SessionCookies cookies;

    @Inject
    RoutingContext ctx;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list() {
        return Templates.sessions(sessions.active(me.requireId()), me.sessionId(), config);
    }

    @POST
    @Path("/{sid}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@RestPath UUID sid) {
        UserSession session = sessions.find(sid).filter(s -> s.user.id.equals(me.id()))
                .orElseThrow(NotFoundException::new);
        sessions.end(session.id, false, Audit.addressOf(ctx.request()));
        if (session.id.equals(me.sessionId())) {
            flash.info("This session has ended. Sign in again to continue.");
            return Response.seeOther(URI.create("/login")).header(HttpHeaders.SET_COOKIE, cookies.clear(ctx)).build();
        }
        flash.success("That session has ended; its browser must sign in again.");
        return Response.seeOther(URI.create("/account/sessions")).build();
    }

    @POST
    @Path("/revoke-others")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeOthers() {
        UUID current = me.sessionId();
        int ended = 0;
        for (UserSession session : sessions.active(me.requireId())) {
            if (!session.id.equals(current)) {
                sessions.end(session.id, false, Audit.addressOf(ctx.request()));
                ended++;
            }
        }
        flash.success(ended == 0 ? "You had no other sessions." : "Ended " + ended + " other session" + (ended == 1 ? "" : "s") + ".");
        return Response.seeOther(URI.create("/account/sessions")).build();
    }
}
