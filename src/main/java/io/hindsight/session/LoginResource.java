package io.hindsight.session;

import io.hindsight.account.AccountService;
import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.hindsight.web.PublicUrl;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Signing in and out, and the one-time setup of the first admin. Sign-in is POST → session row
 * and cookie → 303 to the page the person came for, on this site only.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String email, String next, String message, String error, SingleSignOn sso);

        static native TemplateInstance setup(String email, String name, Map<String, String> errors);
    }

    @Inject
    SignIn signIn;

    @Inject
    SessionService sessions;

    @Inject
    BrowserSignIn browserSignIn;

    @Inject
    SessionCookies cookies;

    @Inject
    DeviceCookies devices;

    @Inject
    AccountService accounts;

    @Inject
    SecurityIdentity identity;

    @Inject
    RoutingContext ctx;

    @Inject
    Flash flash;

    @Inject
    PublicUrl publicUrl;

    @Inject
    OidcConfig oidc;

    /**
     * What the sign-in page offers besides the password form: a "Sign in with …" button when single sign-on
     * is configured, and whether the password form shows (hidden for everyone but admins, if so configured).
     */
    public record SingleSignOn(boolean enabled, String providerName, String startUrl, boolean localShown, String localUrl) {
    }

    SingleSignOn sso(String next, boolean askedForLocal) {
        if (!oidc.enabled()) {
            return new SingleSignOn(false, "", "", true, "");
        }
        String encoded = URLEncoder.encode(next, StandardCharsets.UTF_8);
        return new SingleSignOn(true, oidc.providerName(), "/login/oidc/start?next=" + encoded,
                askedForLocal || !oidc.hideLocalLogin(), "/login?local=1&next=" + encoded);
    }

    @GET
    @Path("login")
    public Response loginForm(@RestQuery String next, @RestQuery String reason, @RestQuery("sso") String refusal,
                              @RestQuery String local) {
        if (!accounts.anyone()) {
            return Response.seeOther(URI.create("/setup")).build();
        }
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create(ReturnUrl.safe(next))).build();
        }
        String target = ReturnUrl.safe(next);
        // A single sign-on refused before its claims could be read (OidcFailures) comes back here to say why.
        String error = oidc.enabled() && refusal != null
                ? OidcSignIn.Refusal.of(refusal).map(r -> r.message(oidc.providerName())).orElse(null) : null;
        return Response.ok(Templates.login("", target, explain(reason), error, sso(target, local != null))).build();
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@RestForm String email, @RestForm String password, @RestForm String next) {
        String target = ReturnUrl.safe(next);
        SignIn.Outcome outcome = signIn.verify(email, password, Audit.addressOf(ctx.request()), devices.read(ctx));
        if (!outcome.succeeded()) {
            Response.ResponseBuilder refused = Response.status(outcome.throttled() ? 429 : 401)
                    .entity(Templates.login(email == null ? "" : email, target, null, outcome.problem(), sso(target, true)));
            if (outcome.throttled()) {
                refused.header(HttpHeaders.RETRY_AFTER, outcome.retryAfterSeconds());
            }
            return refused.build();
        }
        return signedIn(outcome.user(), target);
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout() {
        UUID sid = identity.getAttribute(TokenIdentityProvider.SESSION_ID);
        if (sid != null) {
            sessions.end(sid, true, Audit.addressOf(ctx.request()));
        }
        flash.info("You are signed out. See you next time.");
        return Response.seeOther(URI.create("/login"))
                .header(HttpHeaders.SET_COOKIE, cookies.clear(ctx)).build();
    }

    @GET
    @Path("setup")
    public Response setupForm() {
        if (accounts.anyone()) {
            throw new NotFoundException();
        }
        return Response.ok(Templates.setup("", "", Map.of())).build();
    }

    @POST
    @Path("setup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response setup(@RestForm String email, @RestForm String name, @RestForm String password) {
        if (accounts.anyone()) {
            throw new NotFoundException();
        }
        try {
            User admin = QuarkusTransaction.requiringNew().call(() -> {
                User created = accounts.createFirstAdmin(email, name, password);
                recordPublicAddress();
                return created;
            });
            flash.success("Welcome, " + admin.name + ". You are the first admin; invite your team from Admin → Users.");
            return signedIn(admin, "/");
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.setup(email, name, e.byField())).build();
        }
    }

    /**
     * Without a configured public address, the address the first admin opened the portal at becomes it
     * (changeable on Admin → Settings): the only place the request's own origin is ever used.
     */
    private void recordPublicAddress() {
        if (publicUrl.configured().isPresent()) {
            return;
        }
        String origin;
        try {
            URI used = URI.create(ctx.request().absoluteURI());
            origin = used.getScheme() + "://" + used.getRawAuthority();
        } catch (RuntimeException e) {
            return;
        }
        PublicUrl.normalize(origin).ifPresent(publicUrl::record);
    }

    private Response signedIn(User user, String target) {
        Response.ResponseBuilder signedIn = Response.seeOther(URI.create(target));
        browserSignIn.signIn(ctx, user).forEach(header -> signedIn.header(HttpHeaders.SET_COOKIE, header));
        return signedIn.build();
    }

    static String explain(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "idle" -> "You were signed out after a while without activity. Sign in to pick up where you left off.";
            case "absolute" -> "Sessions last at most a working day. Sign in again to continue where you were.";
            case "revoked" -> "Your session was ended (signed out elsewhere, or your account changed). Sign in again.";
            case "invalid" -> "Your sign-in could not be verified. Sign in again.";
            default -> null;
        };
    }
}
