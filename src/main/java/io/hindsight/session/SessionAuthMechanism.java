package io.hindsight.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.system.DatabaseFailures;
import io.hindsight.web.Problem;
import io.hindsight.web.ServiceUnavailable;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one way into Hindsight. Browsers present the session cookie, programs a bearer token. A
 * token that does not count makes the request anonymous (and clears a stale cookie), so public
 * pages still render; protected ones then send browsers to the login page with their way back,
 * and programs a 401 problem document.
 *
 * <p>The session cookie never authorises a change through the API: a POST, PUT, PATCH or DELETE
 * under {@code /api/} is authenticated by a bearer token or not at all, and a protected one that
 * came with only the cookie is answered 403 saying to send a bearer token. Browsers attach the
 * cookie to requests other sites make them send (a {@code text/plain} form post needs no CORS
 * preflight), and the portal's own pages never call the API, so nothing of the portal needs it.
 */
@ApplicationScoped
public class SessionAuthMechanism implements HttpAuthenticationMechanism {

    static final String FAILURE = "hindsight.auth-failure";
    /** Set when an API write came with the session cookie and no bearer token; the cookie was not read. */
    static final String COOKIE_ON_API_WRITE = "hindsight.cookie-on-api-write";
    /**
     * Set, to the {@link ServiceUnavailable} condition, when the credentials could not be checked because the portal was
     * too busy or the database is out of reach (answered 503).
     */
    static final String UNAVAILABLE = "hindsight.unavailable";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SessionAuthMechanism.class);

    @Inject
    SessionCookies cookies;

    @Inject
    ObjectMapper json;

    /**
     * Alerting tools deliver here with their source's own secret (io.hindsight.alerting checks it): neither a cookie nor
     * their bearer token is a sign-in, so the request stays anonymous, and the route is public for that reason alone.
     */
    static final String ALERT_INTAKE = "/api/v1/alerts/";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        if (ctx.normalizedPath().startsWith(ALERT_INTAKE)) {
            return Uni.createFrom().nullItem();
        }
        String bearer = bearer(ctx);
        if (bearer != null) {
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                            new TokenRequest(bearer, TokenRequest.Source.BEARER), ctx))
                    .onFailure().recoverWithItem(failure -> anonymous(ctx, failure, false));
        }
        if (isApiWrite(ctx)) {
            if (cookies.present(ctx)) {
                ctx.put(COOKIE_ON_API_WRITE, true);
            }
            return Uni.createFrom().nullItem();
        }
        String cookie = cookies.read(ctx);
        if (cookie == null) {
            if (cookies.present(ctx)) {
                clearCookie(ctx);
            }
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                        new TokenRequest(cookie, TokenRequest.Source.COOKIE), ctx))
                .onItem().invoke(identity -> {
                    String renewed = identity.getAttribute(TokenIdentityProvider.RENEWED_TOKEN);
                    if (renewed != null) {
                        String header = cookies.write(ctx, renewed);
                        ctx.addHeadersEndHandler(v -> ctx.response().headers().add(HttpHeaders.SET_COOKIE, header));
                    }
                })
                .onFailure().recoverWithItem(failure -> anonymous(ctx, failure, true));
    }

    private SecurityIdentity anonymous(RoutingContext ctx, Throwable failure, boolean fromCookie) {
        java.util.Optional<ServiceUnavailable> unavailable = ServiceUnavailable.of(failure);
        if (unavailable.isPresent()) {
            // The credentials could not be checked, which says nothing against them: keep the cookie, answer 503.
            if (unavailable.get() == ServiceUnavailable.BUSY) {
                // No connection or worker was free; under overload a warning per request would add load of its own.
                LOG.debugf("Too busy to check the credentials of %s: %s", ctx.request().path(), DatabaseFailures.reason(failure));
            } else {
                LOG.warnf("The database is unavailable; could not check the credentials of %s: %s", ctx.request().path(),
                        DatabaseFailures.reason(failure));
            }
            ctx.put(UNAVAILABLE, unavailable.get());
            return null;
        }
        if (!(failure instanceof AuthFailure)) {
            LOG.errorf(failure, "Could not check the credentials of %s", ctx.request().path());
        }
        ctx.put(FAILURE, failure instanceof AuthFailure f ? f.reason() : SessionService.Ended.INVALID);
        if (fromCookie) {
            clearCookie(ctx);
        }
        return null;
    }

    /** Clears a stale cookie, unless the response itself sets a new one (signing in). */
    private void clearCookie(RoutingContext ctx) {
        String header = cookies.clear(ctx);
        String name = header.substring(0, header.indexOf('=') + 1);
        ctx.addHeadersEndHandler(v -> {
            boolean replaced = ctx.response().headers().getAll(HttpHeaders.SET_COOKIE).stream().anyMatch(c -> c.startsWith(name));
            if (!replaced) {
                ctx.response().headers().add(HttpHeaders.SET_COOKIE, header);
            }
        });
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext ctx) {
        ServiceUnavailable unavailable = ctx.get(UNAVAILABLE);
        if (unavailable != null) {
            ServiceUnavailable.Answer answer = unavailable.answer(ctx.request().path(), isProgram(ctx), json);
            ctx.response().setStatusCode(ServiceUnavailable.STATUS)
                    .putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(answer.retryAfterSeconds()))
                    .putHeader(HttpHeaders.CACHE_CONTROL, ServiceUnavailable.Answer.CACHE_CONTROL)
                    .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType());
            return Uni.createFrom().completionStage(ctx.response().end(answer.body()).map(true).toCompletionStage());
        }
        SessionService.Ended reason = ctx.get(FAILURE);
        if (Boolean.TRUE.equals(ctx.get(COOKIE_ON_API_WRITE))) {
            String body = problem(ctx, "Bearer token required", 403,
                    "Changes through the API need a bearer token (an access token from POST /api/v1/auth/token, or a "
                    + "personal access token); the session cookie of the portal's pages is not accepted for them.");
            ctx.response().setStatusCode(403)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            return Uni.createFrom().completionStage(ctx.response().end(body).map(true).toCompletionStage());
        }
        if (isProgram(ctx)) {
            String detail = reason == null
                    ? "Send a bearer token: an access token from POST /api/v1/auth/token, or a personal access token."
                    : "The token was refused (" + reason.name().toLowerCase(Locale.ROOT) + "). Get a new one from POST /api/v1/auth/token or /api/v1/auth/refresh.";
            String body = problem(ctx, "Sign-in required", 401, detail);
            ctx.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer realm=\"hindsight\"")
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            return Uni.createFrom().completionStage(ctx.response().end(body).map(true).toCompletionStage());
        }
        String back = ctx.request().uri();
        String location = "/login?next=" + URLEncoder.encode(ReturnUrl.safe(back), StandardCharsets.UTF_8)
                + (reason == null ? "" : "&reason=" + reason.name().toLowerCase(Locale.ROOT));
        ctx.response().setStatusCode(303)
                .putHeader(HttpHeaders.LOCATION, location)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return Uni.createFrom().completionStage(ctx.response().end().map(true).toCompletionStage());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"hindsight\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenRequest.class);
    }

    /** Programs call the API and operational endpoints; people browse pages. */
    static boolean isProgram(RoutingContext ctx) {
        String path = ctx.request().path();
        boolean page = path.startsWith("/q/swagger-ui"); // the API reference is read by people
        return path.startsWith("/api/") || (path.startsWith("/q/") && !page) || path.startsWith("/feed/") || bearer(ctx) != null;
    }

    /** A request that may change something through the JSON API (anything but GET, HEAD and OPTIONS under /api/). */
    static boolean isApiWrite(RoutingContext ctx) {
        return ctx.normalizedPath().startsWith("/api/") && !SAFE.contains(ctx.request().method());
    }

    static String bearer(RoutingContext ctx) {
        // Feed readers cannot send headers: the feed alone also takes the token from its address.
        if (ctx.request().path().startsWith("/feed/")) {
            String fromQuery = ctx.request().getParam("access_token");
            if (fromQuery != null && !fromQuery.isBlank()) {
                return fromQuery.strip();
            }
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** The answer's body: written here, below JAX-RS, by the same mapper and type as every other API error. */
    private String problem(RoutingContext ctx, String title, int status, String detail) {
        return new Problem("about:blank", title, status, detail, ctx.request().path(), List.of()).toJson(json);
    }
}
