package io.hindsight.account;

import io.quarkus.arc.Unremovable;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/** Who is signed in on this request, for pages and resources. */
@RequestScoped
@Unremovable
public class CurrentUser {

    /** Identity attributes set by the sign-in mechanism. */
    public static final String USER_ID = "hindsight.user-id";
    public static final String SESSION_ID = "hindsight.sid";
    /** For a program's token: the roles of the person it belongs to, which a read-only token does not carry. */
    public static final String OWNER_ROLES = "hindsight.owner-roles";

    @Inject
    SecurityIdentity identity;

    public boolean signedIn() {
        return !identity.isAnonymous();
    }

    public String email() {
        return signedIn() ? identity.getPrincipal().getName() : "";
    }

    public Long id() {
        return signedIn() ? identity.getAttribute(USER_ID) : null;
    }

    /** The browser session of this request, or null for programs and anonymous requests. */
    public UUID sessionId() {
        Object sid = signedIn() ? identity.getAttribute(SESSION_ID) : null;
        return sid instanceof UUID uuid ? uuid : null;
    }

    /** The signed-in person's id; only for code behind a role check. */
    public long requireId() {
        Long id = id();
        if (id == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return id;
    }

    public boolean canEdit() {
        return identity.hasRole(Role.EDIT);
    }

    /** A program's token that reads only, although the person it belongs to may change things. */
    public boolean readOnlyToken() {
        Object owner = signedIn() ? identity.getAttribute(OWNER_ROLES) : null;
        return owner instanceof java.util.Set<?> roles && roles.contains(Role.EDIT) && !canEdit();
    }

    public boolean isAdmin() {
        return identity.hasRole(Role.MANAGE);
    }
}
