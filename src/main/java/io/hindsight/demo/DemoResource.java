package io.hindsight.demo;

import io.hindsight.web.Flash;
import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** The "load the demo incidents" button of the empty dashboard. */
@Path("/demo")
@RolesAllowed(Role.VIEW)
public class DemoResource {

    @Inject
    DemoData demo;

    @Inject
    Flash flash;

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response load() {
        if (demo.loadOnce()) {
            flash.success("Two demo incidents are loaded, each with a finished postmortem. Read one, then record your own.");
        } else {
            flash.info("The demo incidents are loaded once, and only into an installation without incidents.");
        }
        return Response.seeOther(URI.create("/incidents")).build();
    }
}
