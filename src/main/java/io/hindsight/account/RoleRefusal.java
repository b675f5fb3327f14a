package io.hindsight.account;

import io.hindsight.web.AccessRefusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Explains a refusal in terms of the person's role: a viewer learns that reading is theirs and who
 * can make the change; an editor learns that the rest is for admins.
 */
@ApplicationScoped
public class RoleRefusal implements AccessRefusal {

    static final String READ_ONLY = "You can read this, but not change it";

    static final String READ_ONLY_TOKEN = "This token is read-only";

    @Inject
    CurrentUser me;

    @Override
    public Explanation explain() {
        if (me.readOnlyToken()) {
            return new Explanation(READ_ONLY_TOKEN,
                    "This token was created with the read scope: it reads, but cannot change anything, whatever your role "
                            + "allows. For a program that changes things, create a token with the write scope under Your "
                            + "account → Tokens.");
        }
        if (!me.canEdit()) {
            return new Explanation(READ_ONLY,
                    "Your role does not allow this change. You can still read incidents, postmortems and lessons, "
                            + "download reports, and comment on postmortems in review. If something needs changing, ask an "
                            + "editor to make the change, or ask an admin to make you an editor.");
        }
        if (!me.isAdmin()) {
            return new Explanation("Only admins can do this",
                    "Your role does not allow this: managing people, integrations and the checklist library is up to "
                            + "admins. If something here needs changing, ask one of them.");
        }
        return new Explanation("This is not possible for you here",
                "Your role does not allow this particular action; nothing was changed.");
    }
}
