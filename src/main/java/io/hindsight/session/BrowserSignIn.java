package io.hindsight.session;

import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What every successful sign-in in a browser does, whether by the password form or by single sign-on: opens a
 * Hindsight session, ends the session this browser had before (a new session id at every sign-in, so nothing issued
 * to the browser earlier stays signed in beside the new one), and makes the browser a trusted device for the account.
 */
@ApplicationScoped
public class BrowserSignIn {

    @Inject
    SessionService sessions;

    @Inject
    SessionCookies cookies;

    @Inject
    DeviceCookies devices;

    @Inject
    SigningKeys keys;

    /** Signs {@code user} in on this browser; the answer carries these Set-Cookie headers (the session, the device). */
    public List<String> signIn(RoutingContext ctx, User user) {
        SessionService.Opened opened = sessions.open(user, ctx.request().getHeader("User-Agent"), Audit.addressOf(ctx.request()));
        previousSession(ctx).ifPresent(previous -> sessions.revoke(previous, "replaced"));
        return List.of(cookies.write(ctx, opened.token()), devices.issue(ctx, user.id));
    }

    /**
     * The session this browser's cookie names, read from the cookie itself: the request that signs in is not always
     * one Hindsight's own session authenticated (the single sign-on callback is the OpenID provider's). Only a
     * session token Hindsight signed and that has not expired names one.
     */
    Optional<UUID> previousSession(RoutingContext ctx) {
        String token = cookies.read(ctx);
        if (token == null) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = keys.verify(token);
            if (!TokenUse.SESSION.claim().equals(jwt.getClaim("use"))) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(jwt.getClaim("sid")));
        } catch (ParseException | RuntimeException notOurs) {
            return Optional.empty();
        }
    }
}
