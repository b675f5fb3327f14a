package io.hindsight.apitoken;

import io.hindsight.account.AccountService;
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
import java.util.List;
import java.util.Map;

/** Personal access tokens: created here, shown once, listed by name and prefix, revocable. */
@Path("/account/tokens")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class TokensResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tokens(List<PersonalAccessToken> tokens, String created, Map<String, String> errors,
                                              String name, String scope, String days);
    }

    @Inject
    ApiTokenService tokens;

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list() {
        return Templates.tokens(tokens.pats(me.requireId()), null, Map.of(), "", "READ", "90");
    }

    /** Answers with the page itself (no redirect): the value is shown this once and never stored. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String name, @RestForm String scope, @RestForm String days) {
        try {
            Scope parsed = "WRITE".equalsIgnoreCase(scope) ? Scope.WRITE : "READ".equalsIgnoreCase(scope) ? Scope.READ : null;
            Integer lifetime = days == null || !days.strip().matches("\\d{1,4}") ? null : Integer.valueOf(days.strip());
            ApiTokenService.Created created = tokens.createPat(accounts.get(me.requireId()), name, parsed, lifetime);
            return Response.ok(Templates.tokens(tokens.pats(me.requireId()), created.value(), Map.of(), "", "READ", "90"))
                    .header("Cache-Control", "no-store").build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.tokens(tokens.pats(me.requireId()), null, e.byField(),
                    name == null ? "" : name, scope, days == null ? "" : days)).build();
        }
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@RestPath long id) {
        tokens.revokePat(me.requireId(), id);
        flash.success("Token revoked. Programs using it are refused from now on.");
        return Response.seeOther(URI.create("/account/tokens")).build();
    }
}
