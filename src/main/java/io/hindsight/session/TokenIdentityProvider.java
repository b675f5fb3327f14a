package io.hindsight.session;

import io.hindsight.account.CurrentUser;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides who a request speaks for, on a worker thread, before any page or data is produced:
 * verifies the token, then asks the database whether its session (or API token family) still
 * counts and what role the person has now.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenRequest> {

    /** Identity attributes. */
    public static final String USER_ID = CurrentUser.USER_ID;
    public static final String SESSION_ID = CurrentUser.SESSION_ID;
    public static final String RENEWED_TOKEN = "hindsight.renewed-token";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TokenIdentityProvider.class);

    @Inject
    SigningKeys keys;

    @Inject
    SessionService sessions;

    @Inject
    SessionConfig sessionConfig;

    @Inject
    Instance<BearerTokens> bearers;

    @Override
    public Class<TokenRequest> getRequestType() {
        return TokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> request.source() == TokenRequest.Source.COOKIE
                ? fromSessionCookie(request.token())
                : fromBearer(request.token()));
    }

    private SecurityIdentity fromSessionCookie(String token) {
        JsonWebToken jwt;
        try {
            jwt = verified(token, TokenUse.SESSION);
        } catch (AuthFailure invalid) {
            throw new AuthFailure(whyExpired(token).orElse(invalid.reason()), invalid.getMessage());
        }
        UUID sid = parseSid(jwt);
        AtomicReference<SessionService.Ended> why = new AtomicReference<>(SessionService.Ended.INVALID);
        SessionService.Checked checked = sessions.check(sid, Instant.ofEpochSecond(jwt.getIssuedAtTime()), why::set)
                .orElseThrow(() -> new AuthFailure(why.get(), "The session has ended: " + why.get()));
        SessionStateCache.State session = checked.state();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(session.email()))
                .addRoles(session.roles())
                .addAttribute(USER_ID, session.userId())
                .addAttribute(SESSION_ID, sid);
        if (checked.renew()) {
            sessions.renewed(session).ifPresent(renewed -> identity.addAttribute(RENEWED_TOKEN, renewed));
        }
        return identity.build();
    }

    private SecurityIdentity fromBearer(String token) {
        AtomicReference<String> why = new AtomicReference<>("The token is not valid.");
        for (BearerTokens checker : bearers) {
            if (checker.handles(token)) {
                BearerTokens.Bearer bearer = checker.check(token, why::set)
                        .orElseThrow(() -> new AuthFailure(SessionService.Ended.INVALID, why.get()));
                return QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(bearer.email()))
                        .addRoles(bearer.roles())
                        .addAttribute(USER_ID, bearer.userId())
                        .addAttribute(SESSION_ID, bearer.sid())
                        .addAttribute(CurrentUser.OWNER_ROLES, bearer.ownerRoles())
                        .build();
            }
        }
        throw new AuthFailure(SessionService.Ended.INVALID, "The bearer token is not one Hindsight issued.");
    }

    /**
     * The token expired together with its session (the token's lifetime matches the idle timeout
     * and stops at the absolute cap): say which deadline passed, so the login page can explain it.
     */
    private java.util.Optional<SessionService.Ended> whyExpired(String token) {
        try {
            JsonWebToken jwt = keys.verifyExpired(token, sessionConfig.absoluteTimeout().plusDays(1));
            if (!TokenUse.SESSION.claim().equals(jwt.getClaim("use"))) {
                return java.util.Optional.empty();
            }
            return sessions.whyEnded(parseSid(jwt));
        } catch (ParseException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    JsonWebToken verified(String token, TokenUse use) {
        try {
            JsonWebToken jwt = keys.verify(token);
            if (!use.claim().equals(jwt.getClaim("use"))) {
                throw new AuthFailure(SessionService.Ended.INVALID, "The token is meant for another use.");
            }
            return jwt;
        } catch (ParseException e) {
            LOG.infof("Refused a %s token: %s", use.claim(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            throw new AuthFailure(SessionService.Ended.INVALID, "The token could not be verified.");
        }
    }

    private static UUID parseSid(JsonWebToken jwt) {
        try {
            return UUID.fromString(jwt.getClaim("sid"));
        } catch (RuntimeException e) {
            throw new AuthFailure(SessionService.Ended.INVALID, "The token names no valid session.");
        }
    }
}
