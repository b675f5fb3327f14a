package io.hindsight.session;

import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.quarkus.oidc.IdToken;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Single sign-on with an OpenID Connect provider. The sign-in page's button leads to {@code /login/oidc/start},
 * which remembers the way back and sends the browser to {@code /login/oidc}; there Quarkus OIDC runs the
 * authorization code flow (PKCE, state and nonce) and verifies the ID token. When the provider sends the
 * person back, this resource matches the verified claims to a Hindsight account ({@link OidcSignIn}) and
 * opens a Hindsight session, exactly as the password form does; the OIDC cookies end with that response.
 */
@Path("/login/oidc")
@Produces(MediaType.TEXT_HTML)
public class OidcResource {

    /** The way back after signing in, kept for the length of one sign-in at the provider. */
    static final String NEXT_COOKIE = "hindsight_oidc_next";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance refused(String provider, String problem);
    }

    @Inject
    OidcConfig config;

    @Inject
    OidcSignIn oidcSignIn;

    @Inject
    BrowserSignIn browserSignIn;

    @Inject
    SessionCookies cookies;

    @Inject
    OidcFailures failures;

    @Inject
    RoutingContext ctx;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @GET
    @Path("start")
    public Response start(@RestQuery String next) {
        if (!config.enabled()) {
            throw new NotFoundException();
        }
        // A sign-in abandoned at the provider leaves its state cookie; a fresh start must not trip over it.
        Response.ResponseBuilder response = Response.seeOther(URI.create(OidcTenant.CALLBACK))
                .header(HttpHeaders.SET_COOKIE, nextCookie(URLEncoder.encode(ReturnUrl.safe(next), StandardCharsets.UTF_8), 600))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        failures.expireOidcCookies(ctx).forEach(header -> response.header(HttpHeaders.SET_COOKIE, header));
        return response.build();
    }

    /** Reached only with an ID token Quarkus OIDC has verified; any other request here is sent to the provider. */
    @GET
    public Response callback() {
        if (!config.enabled()) {
            throw new NotFoundException();
        }
        // Hindsight keeps no OIDC session: whatever the outcome, the provider's tokens end with this response.
        java.util.List<String> expired = failures.expireOidcCookies(ctx);
        OidcSignIn.Outcome outcome = oidcSignIn.accept(idToken::getClaim, Audit.addressOf(ctx.request()));
        if (!outcome.succeeded()) {
            Response.ResponseBuilder refused = Response.status(403)
                    .entity(Templates.refused(config.providerName(), outcome.problem()))
                    .header(HttpHeaders.SET_COOKIE, nextCookie("", 0))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
            expired.forEach(header -> refused.header(HttpHeaders.SET_COOKIE, header));
            return refused.build();
        }
        User user = outcome.user();
        String target = rememberedTarget(ctx);
        // The same as the password form: the browser's previous Hindsight session, whoever it was, ends here.
        Response.ResponseBuilder signedIn = Response.seeOther(URI.create(target));
        browserSignIn.signIn(ctx, user).forEach(header -> signedIn.header(HttpHeaders.SET_COOKIE, header));
        signedIn.header(HttpHeaders.SET_COOKIE, nextCookie("", 0))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        expired.forEach(header -> signedIn.header(HttpHeaders.SET_COOKIE, header));
        return signedIn.build();
    }

    /** Where the person was going before signing in; home when the cookie is missing or not a valid encoding. */
    private static String rememberedTarget(RoutingContext ctx) {
        io.vertx.core.http.Cookie remembered = ctx.request().getCookie(NEXT_COOKIE);
        if (remembered == null) {
            return ReturnUrl.safe(null);
        }
        try {
            return ReturnUrl.safe(URLDecoder.decode(remembered.getValue(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException badEncoding) {
            return ReturnUrl.safe(null);
        }
    }

    private String nextCookie(String value, long maxAge) {
        return Cookie.cookie(NEXT_COOKIE, value)
                .setPath(OidcTenant.CALLBACK)
                .setHttpOnly(true)
                .setSecure(cookies.secure(ctx))
                .setSameSite(CookieSameSite.LAX)
                .setMaxAge(maxAge)
                .encode();
    }
}
