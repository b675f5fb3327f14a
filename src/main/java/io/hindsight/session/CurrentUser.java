package io.hindsight.session;

import io.hindsight.account.Role;
import io.quarkus.arc.Unremovable;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/** Who is signed in on this request, for pages and resources. */
@RequestScoped
@Unremovable
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public boolean signedIn() {
        return !identity.isAnonymous();
    }

    public String email() {
        return signedIn() ? identity.getPrincipal().getName() : "";
    }

    public Long id() {
        return signedIn() ? identity.getAttribute(TokenIdentityProvider.USER_ID) : null;
    }

    /** The browser session of this request, or null for programs and anonymous requests. */
    public UUID sessionId() {
        Object sid = signedIn() ? identity.getAttribute(TokenIdentityProvider.SESSION_ID) : null;
        return sid instanceof UUID uuid ? uuid : null;
    }

    public boolean canEdit() {
        return identity.hasRole(Role.EDIT);
    }

    public boolean isAdmin() {
        return identity.hasRole(Role.MANAGE);
    }
}
