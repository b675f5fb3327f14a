package io.hindsight.session;

import io.hindsight.audit.Audit;
import io.quarkus.oidc.OIDCException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * A single sign-on that Quarkus OIDC refused while completing the code flow (an ID token that is expired,
 * meant for another client, or carries another sign-in's nonce; a provider that cannot be reached): the
 * refusal goes to the audit log, the OIDC cookies are expired, and the person lands on the sign-in page,
 * which says why. No session is opened.
 */
@ApplicationScoped
public class OidcFailures {

    private static final Logger LOG = Logger.getLogger(OidcFailures.class);
    /** Quarkus OIDC's cookies: the code flow's state and its own session, both ended at the callback. */
    private static final List<String> OIDC_COOKIES = List.of("q_auth", "q_session");

    @Inject
    OidcConfig config;

    @Inject
    OidcSignIn oidcSignIn;

    @Inject
    SessionCookies cookies;

    void routes(@Observes Router router) {
        router.route(OidcTenant.CALLBACK).failureHandler(this::refused);
    }

    private void refused(RoutingContext ctx) {
        if (!config.enabled() || ctx.response().ended() || ctx.failure() == null) {
            ctx.next();
            return;
        }
        OidcSignIn.Refusal refusal = classify(ctx.failure());
        LOG.warnf("Single sign-on refused (%s): %s", refusal.code(), rootMessage(ctx.failure()));
        String ip = Audit.addressOf(ctx.request());
        expireOidcCookies(ctx).forEach(header -> ctx.response().headers().add(HttpHeaders.SET_COOKIE, header));
        ctx.vertx().executeBlocking(() -> {
            oidcSignIn.recordRefusal(refusal, ip);
            return null;
        }, false).onComplete(recorded -> {
            if (recorded.failed()) {
                LOG.errorf(recorded.cause(), "Could not record a refused single sign-on");
            }
            ctx.response().setStatusCode(303)
                    .putHeader(HttpHeaders.LOCATION, "/login?sso=" + refusal.code())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end();
        });
    }

    /** What went wrong, read from the verification errors jose4j reports (never from the token's own text). */
    static OidcSignIn.Refusal classify(Throwable failure) {
        boolean unreachable = false;
        boolean nonce = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidJwtException jwt) {
                if (jwt.hasExpired()) {
                    return OidcSignIn.Refusal.EXPIRED;
                }
                if (jwt.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || jwt.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return OidcSignIn.Refusal.AUDIENCE;
                }
                for (ErrorCodeValidator.Error error : jwt.getErrorDetails()) {
                    if (error.getErrorMessage() != null && error.getErrorMessage().toLowerCase(Locale.ROOT).contains("nonce")) {
                        nonce = true;
                    }
                }
            } else if (t.getMessage() != null && !t.getMessage().contains("claims->")
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("nonce")) {
                nonce = true;
            }
            if (t instanceof ConnectException || t instanceof TimeoutException || t instanceof OIDCException) {
                unreachable = true;
            }
        }
        if (nonce) {
            return OidcSignIn.Refusal.NONCE;
        }
        return unreachable ? OidcSignIn.Refusal.UNAVAILABLE : OidcSignIn.Refusal.INVALID;
    }

    /**
     * Ends Quarkus OIDC's cookies in this response: drops any it was about to set (its own session after a
     * completed code flow) and returns the Set-Cookie headers that expire the ones the browser sent.
     * Hindsight's session is the only one kept.
     */
    List<String> expireOidcCookies(RoutingContext ctx) {
        // The session cookie Quarkus OIDC sets after a completed code flow, whether or not the browser sent one.
        List<String> names = new ArrayList<>(List.of("q_session_" + OidcTenant.TENANT_ID));
        for (Cookie cookie : ctx.request().cookies()) {
            if (OIDC_COOKIES.stream().anyMatch(cookie.getName()::startsWith) && !names.contains(cookie.getName())) {
                names.add(cookie.getName());
            }
        }
        boolean secure = cookies.secure(ctx);
        List<String> expired = new ArrayList<>();
        for (String name : names) {
            ctx.response().removeCookies(name, false);
            expired.add(Cookie.cookie(name, "").setPath(OidcTenant.CALLBACK).setHttpOnly(true).setSecure(secure)
                    .setSameSite(CookieSameSite.LAX).setMaxAge(0).encode());
        }
        return expired;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
