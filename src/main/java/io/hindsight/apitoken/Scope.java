package io.hindsight.apitoken;

import io.hindsight.account.Role;
import io.hindsight.account.User;

import java.util.Set;

/** What a program's token may do: read only, or everything its owner may do. */
public enum Scope {
    READ, WRITE;

    /** The security roles a token of this scope carries for {@code user}. */
    public Set<String> roles(User user) {
        return this == READ ? Set.of(Role.VIEW) : user.role.grants();
    }
}
