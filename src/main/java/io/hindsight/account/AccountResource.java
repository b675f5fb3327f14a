package io.hindsight.account;

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

import java.net.URI;
import java.util.Map;

/** A person's own account: changing their password ends every session they have. */
@Path("/account/password")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class AccountResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance password(Map<String, String> errors);
    }

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance passwordForm() {
        return Templates.password(Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@RestForm String current, @RestForm String password, @RestForm String confirmation) {
        if (password == null || !password.equals(confirmation)) {
            return Response.status(400).entity(Templates.password(Map.of("confirmation", "The two new passwords differ."))).build();
        }
        try {
            accounts.changeOwnPassword(me.requireId(), current, password);
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.password(e.byField())).build();
        }
        flash.success("Password changed. Every session signed in as you has ended; sign in with the new password.");
        return Response.seeOther(URI.create("/login")).build();
    }
}
