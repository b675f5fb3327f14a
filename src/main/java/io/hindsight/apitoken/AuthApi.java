package io.hindsight.apitoken;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hindsight.audit.Audit;
import io.hindsight.session.DeviceCookies;
import io.hindsight.session.SignIn;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Where programs get and renew their tokens. */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class AuthApi {

    @Inject
    SignIn signIn;

    @Inject
    ApiTokenService tokens;

    @Inject
    DeviceCookies devices;

    @Inject
    RoutingContext ctx;

    /** Email and password, or a personal access token. */
    public record TokenRequest(String email, String password, String personalAccessToken) {
    }

    /** A refresh token to rotate. */
    public record RefreshRequest(String refreshToken) {
    }

    /** OAuth-style token response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken, String scope) {
        static TokenResponse of(ApiTokenService.Issued issued) {
            return new TokenResponse(issued.accessToken(), "Bearer", issued.expiresIn(), issued.refreshToken(),
                    issued.scope().name().toLowerCase());
        }
    }

    @POST
    @Path("/token")
    @Operation(summary = "Get an access token (5 minutes) and a refresh token, with credentials or a personal access token")
    @APIResponse(responseCode = "200", description = "Signed in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "The credentials or the token were refused")
    @APIResponse(responseCode = "429", description = "Too many failed sign-ins; try again later")
    public Response token(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "password", summary = "A person's email and password (read and write)",
                    value = "{\"email\": \"ada@example.com\", \"password\": \"correct horse battery staple\"}"),
            @ExampleObject(name = "personal access token", summary = "A personal access token from Account → API tokens",
                    value = "{\"personal_access_token\": \"hs_pat_…\"}")})) TokenRequest request) {
        if (request == null) {
            throw new InvalidInputException("email", "Send {\"email\", \"password\"} or {\"personal_access_token\"}.");
        }
        if (request.personalAccessToken() != null) {
            return tokens.exchange(request.personalAccessToken())
                    .map(issued -> noStore(Response.ok(TokenResponse.of(issued))))
                    .orElseGet(() -> refused("The personal access token is unknown, expired or revoked."));
        }
        if (request.email() == null || request.password() == null) {
            throw new InvalidInputException(List.of(
                    new io.hindsight.validation.FieldError("email", "Send an email and a password, or a personal access token."),
                    new io.hindsight.validation.FieldError("password", "Send an email and a password, or a personal access token.")));
        }
        SignIn.Outcome outcome = signIn.verify(request.email(), request.password(), Audit.addressOf(ctx.request()), devices.read(ctx));
        if (!outcome.succeeded()) {
            if (outcome.throttled()) {
                return Response.fromResponse(problem(429, "Too many failed sign-ins", outcome.problem()))
                        .header("Retry-After", outcome.retryAfterSeconds()).build();
            }
            return refused(outcome.problem());
        }
        ApiTokenService.Issued issued = tokens.open(outcome.user(), Scope.WRITE, null);
        return noStore(Response.ok(TokenResponse.of(issued)));
    }

    @POST
    @Path("/refresh")
    @Operation(summary = "Rotate a refresh token: a new access token and a new refresh token")
    @APIResponse(responseCode = "200", description = "Rotated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "The refresh token was refused (unknown, expired, revoked or reused)")
    public Response refresh(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples =
            @ExampleObject(name = "refresh", value = "{\"refresh_token\": \"…\"}"))) RefreshRequest request) {
        AtomicReference<String> why = new AtomicReference<>("The refresh token was refused.");
        return tokens.refresh(request == null ? null : request.refreshToken(), why::set)
                .map(issued -> noStore(Response.ok(TokenResponse.of(issued))))
                .orElseGet(() -> refused(why.get()));
    }

    @POST
    @Path("/revoke")
    @Operation(summary = "End a program's sign-in: its refresh token and every token descended from the same sign-in")
    @APIResponse(responseCode = "204", description = "Revoked (also when the token was unknown)")
    public Response revoke(RefreshRequest request) {
        tokens.revokeFamily(request == null ? null : request.refreshToken());
        return Response.noContent().build();
    }

    private Response refused(String detail) {
        return problem(401, "The credentials were refused", detail);
    }

    private Response problem(int status, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).header("Cache-Control", "no-store")
                .entity(new Problem("about:blank", title, status, detail, ctx.request().path(), List.of())).build();
    }

    private static Response noStore(Response.ResponseBuilder builder) {
        return builder.header("Cache-Control", "no-store").build();
    }
}
