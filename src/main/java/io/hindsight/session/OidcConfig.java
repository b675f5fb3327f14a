package io.hindsight.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * Optional single sign-on with an OpenID Connect provider (authorization code flow with PKCE). Off
 * unless an issuer is set; the local sign-in stays available. People are matched to existing
 * Hindsight accounts by their verified email; nobody is created. docs/configuration.md, "Single sign-on".
 */
@ConfigMapping(prefix = "hindsight.oidc")
public interface OidcConfig {

    /** The provider's issuer URL (its discovery document is at issuer + /.well-known/openid-configuration). Unset: off. */
    Optional<String> issuer();

    /** The client id Hindsight is registered with at the provider. Required with an issuer. */
    Optional<String> clientId();

    /** The client secret (a secret: set HINDSIGHT_OIDC_CLIENT_SECRET in the environment). Required with an issuer. */
    Optional<String> clientSecret();

    /**
     * The secret the short-lived state cookie of a sign-in (PKCE verifier, nonce) is encrypted with; every instance
     * must use the same, since the provider may send the person back to another instance than the one they left from
     * (HINDSIGHT_OIDC_STATE_SECRET). Unset: derived from the client secret, which every instance shares anyway.
     */
    Optional<String> stateSecret();

    /** Shown on the sign-in page as "Sign in with …". */
    @WithDefault("single sign-on")
    String providerName();

    /** Scopes asked for besides {@code openid}; the ID token must carry {@code email} and {@code email_verified}. */
    @WithDefault("email,profile")
    List<String> scopes();

    /**
     * The ID token claim that decides a person's role at every single sign-on (a string or a list of
     * strings). Unset (the default): roles are kept as set in Hindsight.
     */
    Optional<String> roleClaim();

    /**
     * Claim values and the Hindsight role each grants, as {@code value=role} pairs
     * ({@code hindsight-admins=admin,engineering=editor}); with several matches the highest role wins.
     */
    Optional<List<String>> roleMapping();

    /** Hide the email-and-password form from the sign-in page (admins can still use it at /login?local). */
    @WithDefault("false")
    boolean hideLocalLogin();

    default boolean enabled() {
        return issuer().filter(s -> !s.isBlank()).isPresent();
    }
}
