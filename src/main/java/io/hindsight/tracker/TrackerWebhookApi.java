package io.hindsight.tracker;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Map;

/**
 * Where GitHub and Jira tell Hindsight that an issue was closed or reopened. No session and no CSRF
 * token: a delivery is trusted only for its signature (or, for Jira webhooks that cannot sign, the
 * shared secret in the address). Any content type is read, so that the signature is checked first and an
 * unsigned request learns nothing but 401; a signed body that is not JSON is then a 400.
 */
@Path("/api/v1/trackers")
@Tag(name = "Trackers")
@PermitAll
public class TrackerWebhookApi {

    @Inject
    TrackerWebhooks webhooks;

    @POST
    @Path("/github/webhook")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a GitHub issues webhook",
            description = "Signed with X-Hub-Signature-256 (HMAC-SHA256 of the body with the connection's webhook secret). "
                    + "closed marks the linked action item done, reopened opens it again; anything else is acknowledged and ignored. "
                    + "A redelivery (same X-GitHub-Delivery) changes nothing.")
    @RequestBody(description = "The event as GitHub sends it (content type application/json)")
    @APIResponse(responseCode = "200", description = "Taken in (or already taken in)")
    @APIResponse(responseCode = "202", description = "Not about a linked issue: ignored")
    public Response github(@RestHeader("X-Hub-Signature-256") String signature, @RestHeader("X-GitHub-Event") String event,
                           @RestHeader("X-GitHub-Delivery") String delivery, byte[] body) {
        TrackerConnection connection = webhooks.verified(TrackerKind.GITHUB, body, signature, null);
        return answer(webhooks.github(connection, event, delivery, body));
    }

    @POST
    @Path("/jira/webhook")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Jira Cloud webhook",
            description = "Signed with X-Hub-Signature (HMAC-SHA256 of the body, sha256=<hex>) when the Jira webhook has a secret; "
                    + "otherwise the webhook's address carries ?secret=<the connection's webhook secret>. "
                    + "jira:issue_updated whose status category is the done one marks the item done, any other opens it again.")
    @RequestBody(description = "The event as Jira sends it")
    @APIResponse(responseCode = "200", description = "Taken in (or already taken in)")
    @APIResponse(responseCode = "202", description = "Not about a linked issue: ignored")
    public Response jira(@RestHeader("X-Hub-Signature") String signature, @RestHeader("X-Atlassian-Webhook-Identifier") String delivery,
                         @RestQuery String secret, byte[] body) {
        TrackerConnection connection = webhooks.verified(TrackerKind.JIRA, body, signature, secret);
        return answer(webhooks.jira(connection, delivery, body));
    }

    private static Response answer(TrackerWebhooks.Result result) {
        int status = result == TrackerWebhooks.Result.IGNORED ? 202 : 200;
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("result", result.name().toLowerCase())).build();
    }
}
