package io.hindsight.account;

import io.hindsight.validation.Enums;
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

/** Admin → Users: invite people, change roles, disable accounts, reset passwords, end sessions. */
@Path("/admin/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.MANAGE)
public class UserAdminResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(List<User> users, InviteForm form, Map<String, String> errors, List<Role> roles,
                                             Map<String, String> rowErrors, Map<Long, String> typedRoles);
    }

    /** The invite form as typed (the password is never sent back). */
    public record InviteForm(String name, String email, String role) {
        static InviteForm blank() {
            return new InviteForm("", "", Role.EDITOR.name());
        }
    }

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list() {
        return Templates.users(accounts.everyone(), InviteForm.blank(), Map.of(), List.of(Role.values()), Map.of(), Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@RestForm String name, @RestForm String email, @RestForm String role, @RestForm String password) {
        try {
            User user = accounts.invite(me.requireId(), email, name, Enums.lenient(Role.class, role), password);
            flash.success(user.name + " can now sign in as " + user.email + " with the password you chose. Ask them to change it.");
            return back();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.users(accounts.everyone(), new InviteForm(name, email, role), e.byField(),
                    List.of(Role.values()), Map.of(), Map.of())).build();
        }
    }

    @POST
    @Path("/{id}/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeRole(@RestPath long id, @RestForm String role) {
        return act(id, () -> accounts.changeRole(me.requireId(), id, Enums.lenient(Role.class, role)),
                "Role changed. Their sessions ended, so the new role applies from their next sign-in.",
                role == null ? Map.of() : Map.of(id, role));
    }

    @POST
    @Path("/{id}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@RestPath long id) {
        return act(id, () -> accounts.setDisabled(me.requireId(), id, true), "Account disabled and signed out everywhere.", Map.of());
    }

    @POST
    @Path("/{id}/enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@RestPath long id) {
        return act(id, () -> accounts.setDisabled(me.requireId(), id, false), "Account enabled.", Map.of());
    }

    @POST
    @Path("/{id}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resetPassword(@RestPath long id, @RestForm String password) {
        return act(id, () -> accounts.resetPassword(me.requireId(), id, password),
                "Password reset and every session ended. Pass the new password on safely.", Map.of());
    }

    @POST
    @Path("/{id}/sessions/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeSessions(@RestPath long id) {
        return act(id, () -> accounts.endSessions(me.requireId(), id), "Every session of that person has ended.", Map.of());
    }

    /**
     * Runs an action on one person's row. A refusal re-renders the page with 400, the message under
     * that row's field and the role as chosen, like every other rejected form.
     */
    private Response act(long id, Runnable action, String success, Map<Long, String> typedRoles) {
        try {
            action.run();
            flash.success(success);
            return back();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.users(accounts.everyone(), InviteForm.blank(), Map.of(),
                    List.of(Role.values()), e.byFieldOfRow(id), typedRoles)).build();
        }
    }

    private static Response back() {
        return Response.seeOther(URI.create("/admin/users")).build();
    }
}
