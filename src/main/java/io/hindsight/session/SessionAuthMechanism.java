package io.hindsight.session;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The one way into Hindsight. Browsers present the session cookie, programs a bearer token. A
 * token that does not count makes the request anonymous (and clears a stale cookie), so public
 * pages still render; protected ones then send browsers to the login page with their way back,
 * and programs a 401 problem document.
 */
@ApplicationScoped
public class SessionAuthMechanism implements HttpAuthenticationMechanism {

    static final String FAILURE = "hindsight.auth-failure";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SessionAuthMechanism.class);

    @Inject
    SessionCookies cookies;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        String bearer = bearer(ctx);
        if (bearer != null) {
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                            new TokenRequest(bearer, TokenRequest.Source.BEARER), ctx))
                    .onFailure().recoverWithItem(failure -> anonymous(ctx, failure, false));
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
        SessionService.Ended reason = ctx.get(FAILURE);
        if (isProgram(ctx)) {
            String detail = reason == null
                    ? "Send a bearer token: an access token from POST /api/v1/auth/token, or a personal access token."
                    : "The token was refused (" + reason.name().toLowerCase(Locale.ROOT) + "). Get a new one from POST /api/v1/auth/token or /api/v1/auth/refresh.";
            String body = "{\"type\":\"about:blank\",\"title\":\"Sign-in required\",\"status\":401,\"detail\":\""
                    + detail + "\",\"instance\":\"" + jsonEscape(ctx.request().path()) + "\"}";
            ctx.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer realm=\"hindsight\"")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
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

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
