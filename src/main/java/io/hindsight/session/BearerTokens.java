package io.hindsight.session;

import java.util.Optional;

/**
 * Checks bearer tokens of programs (API access tokens, personal access tokens). Implemented by
 * the API token feature, so the security core does not depend on it.
 */
public interface BearerTokens {

    /**
     * Who a bearer token speaks for, and with which security roles; {@code ownerRoles} are the roles its owner
     * has, which a read-only token does not carry (so a refusal can say the token, not the role, is why).
     */
    record Bearer(long userId, String email, java.util.Set<String> roles, String sid, java.util.Set<String> ownerRoles) {
    }

    /** Whether this implementation recognises the token's shape (for example a PAT prefix). */
    boolean handles(String token);

    /** The bearer, or empty with the reason given to {@code whyNot}. */
    Optional<Bearer> check(String token, java.util.function.Consumer<String> whyNot);
}
