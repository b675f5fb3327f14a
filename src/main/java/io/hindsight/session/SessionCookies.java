package io.hindsight.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, Max-Age no longer than the token inside;
 * Secure and named with the {@code __Host-} prefix whenever the portal is served over HTTPS.
 */
@ApplicationScoped
public class SessionCookies {

    static final String PLAIN = "hindsight_session";
    static final String SECURE = "__Host-hindsight_session";

    @Inject
    SessionConfig config;

    @Inject
    java.time.Clock clock;

    public String read(RoutingContext ctx) {
        Cookie secure = ctx.request().getCookie(SECURE);
        if (secure != null && !secure.getValue().isBlank()) {
            return secure.getValue();
        }
        Cookie plain = ctx.request().getCookie(PLAIN);
        return plain == null || plain.getValue().isBlank() ? null : plain.getValue();
    }

    public boolean present(RoutingContext ctx) {
        return ctx.request().getCookie(SECURE) != null || ctx.request().getCookie(PLAIN) != null;
    }

    /**
     * The Set-Cookie header value that stores a session token. The cookie lives no longer than the
     * token inside it, which near the absolute cap is less than the usual lifetime.
     */
    public String write(RoutingContext ctx, String token) {
        long maxAge = config.accessTokenLifetime().toSeconds();
        long untilExpiry = SigningKeys.expiresAt(token) - clock.instant().getEpochSecond();
        return cookie(secure(ctx), token, Math.max(0, Math.min(maxAge, untilExpiry)));
    }

    /** The Set-Cookie header value that removes the session cookie. */
    public String clear(RoutingContext ctx) {
        return cookie(secure(ctx), "", 0);
    }

    boolean secure(RoutingContext ctx) {
        return switch (config.secureCookie()) {
            case "always" -> true;
            case "never" -> false;
            default -> "https".equalsIgnoreCase(ctx.request().scheme());
        };
    }

    private static String cookie(boolean secure, String value, long maxAge) {
        return Cookie.cookie(secure ? SECURE : PLAIN, value)
                .setPath("/")
                .setHttpOnly(true)
                .setSecure(secure)
                .setSameSite(CookieSameSite.LAX)
                .setMaxAge(maxAge)
                .encode();
    }
}
