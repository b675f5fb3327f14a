package io.hindsight.notice;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
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

import java.net.URI;
import java.util.List;

/** The signed-in person's notices, newest first, and "Mark all read". */
@Path("/notices")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class NoticesResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notices(List<Notice> list);
    }

    @Inject
    NoticeService notices;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list() {
        return Templates.notices(notices.newestFor(me.requireId()));
    }

    @POST
    @Path("/read")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response markAllRead() {
        notices.markAllRead(me.requireId());
        flash.success("All notices marked read.");
        return Response.seeOther(URI.create("/notices")).build();
    }
}
