package io.hindsight.alerting;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Where alerting tools deliver their webhooks. These routes need no session and no API token: each source proves a
 * delivery with its own secret (a bearer token, or PagerDuty's signature), checked by {@link AlertIntake}.
 */
@Path("/api/v1/alerts")
@Tag(name = "Alert intake")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AlertIntakeApi {

    private static final String ANSWERS = " Answers 200 with what each alert did (opened, added, duplicate, fired-again, "
            + "resolved, unmatched, ignored); 401 when the credentials do not match, 404 for an unknown source, 410 when "
            + "the source is disabled, 413 over the size limit, 400 naming what is wrong with the body. Refusals write nothing.";

    private static final String SOURCE = "The alert source's id, from its page under Admin → Integrations → Alert sources";

    private static final String UNAUTHENTICATED = "The source's secret is missing or does not match; nothing was written.";
    private static final String NO_SOURCE = "No source of this tool has this id.";
    private static final String DISABLED = "The source is disabled; nothing was written.";

    private static final String BEARER = "Bearer <the source's token>";

    @Inject
    AlertIntake intake;

    @POST
    @Path("/alertmanager/{id}")
    @Operation(summary = "Receive a Prometheus Alertmanager notification",
            description = "Alertmanager's webhook_config body (version 4). The first firing alert of a group (groupKey) opens "
                    + "one incident; the group's other alerts (by fingerprint) are added to it while it is open. Each resolved "
                    + "alert is noted on its incident, which is resolved when the last of its alerts is." + ANSWERS)
    @APIResponse(responseCode = "401", description = UNAUTHENTICATED)
    @APIResponse(responseCode = "404", description = NO_SOURCE)
    @APIResponse(responseCode = "410", description = DISABLED)
    @APIResponse(responseCode = "200", description = "Accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertIntake.Receipt.class)))
    public Response alertmanager(@Parameter(description = SOURCE) @RestPath long id,
                                 @Parameter(description = BEARER) @RestHeader("Authorization") String authorization,
                                 @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                         schema = @Schema(type = SchemaType.OBJECT),
                                         examples = @ExampleObject(name = "firing", value = ALERTMANAGER_EXAMPLE))) byte[] body) {
        return answer(intake.receive(AlertKind.ALERTMANAGER, id, body, authorization, null));
    }

    @POST
    @Path("/grafana/{id}")
    @Operation(summary = "Receive a Grafana alerting notification",
            description = "The body of Grafana's webhook contact point. The first firing alert of a group (groupKey) opens "
                    + "one incident; the group's other alerts (by fingerprint) are added to it while it is open. Each resolved "
                    + "alert is noted on its incident, which is resolved when the last of its alerts is." + ANSWERS)
    @APIResponse(responseCode = "401", description = UNAUTHENTICATED)
    @APIResponse(responseCode = "404", description = NO_SOURCE)
    @APIResponse(responseCode = "410", description = DISABLED)
    @APIResponse(responseCode = "200", description = "Accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertIntake.Receipt.class)))
    public Response grafana(@Parameter(description = SOURCE) @RestPath long id,
                            @Parameter(description = BEARER) @RestHeader("Authorization") String authorization,
                            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(type = SchemaType.OBJECT))) byte[] body) {
        return answer(intake.receive(AlertKind.GRAFANA, id, body, authorization, null));
    }

    @POST
    @Path("/pagerduty/{id}")
    @Operation(summary = "Receive a PagerDuty v3 webhook",
            description = "Signed with X-PagerDuty-Signature (v1=<hex HMAC-SHA256 of the body>, several while PagerDuty "
                    + "rotates its secret). incident.triggered opens an incident (once per PagerDuty incident id), "
                    + "incident.resolved resolves it, other event types are recorded and answered 202." + ANSWERS)
    @APIResponse(responseCode = "401", description = UNAUTHENTICATED)
    @APIResponse(responseCode = "404", description = NO_SOURCE)
    @APIResponse(responseCode = "410", description = DISABLED)
    @APIResponse(responseCode = "200", description = "Accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertIntake.Receipt.class)))
    @APIResponse(responseCode = "202", description = "An event type that opens or resolves nothing; recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertIntake.Receipt.class)))
    public Response pagerDuty(@Parameter(description = SOURCE) @RestPath long id,
                              @Parameter(description = "v1=<hex HMAC-SHA256 of the raw body under the subscription's secret>, comma-separated")
                              @RestHeader("X-PagerDuty-Signature") String signature,
                              @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                      schema = @Schema(type = SchemaType.OBJECT))) byte[] body) {
        return answer(intake.receive(AlertKind.PAGERDUTY, id, body, null, signature));
    }

    @POST
    @Path("/opsgenie/{id}")
    @Operation(summary = "Receive an Opsgenie webhook",
            description = "Opsgenie's outgoing webhook body. action Create opens an incident (once per alertId), Close "
                    + "resolves it, other actions are recorded and answered 202." + ANSWERS)
    @APIResponse(responseCode = "401", description = UNAUTHENTICATED)
    @APIResponse(responseCode = "404", description = NO_SOURCE)
    @APIResponse(responseCode = "410", description = DISABLED)
    @APIResponse(responseCode = "200", description = "Accepted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertIntake.Receipt.class)))
    @APIResponse(responseCode = "202", description = "An action that opens or resolves nothing; recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertIntake.Receipt.class)))
    public Response opsgenie(@Parameter(description = SOURCE) @RestPath long id,
                             @Parameter(description = BEARER) @RestHeader("Authorization") String authorization,
                             @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                     schema = @Schema(type = SchemaType.OBJECT))) byte[] body) {
        return answer(intake.receive(AlertKind.OPSGENIE, id, body, authorization, null));
    }

    private static Response answer(AlertIntake.Receipt receipt) {
        return Response.status(receipt.onlyIgnored() ? 202 : 200).entity(receipt).build();
    }

    static final String ALERTMANAGER_EXAMPLE = "{\"version\": \"4\", \"groupKey\": \"{}:{alertname=\\\"HighErrorRate\\\"}\", "
            + "\"truncatedAlerts\": 0, \"status\": \"firing\", \"receiver\": \"hindsight\", "
            + "\"groupLabels\": {\"alertname\": \"HighErrorRate\"}, \"commonLabels\": {\"alertname\": \"HighErrorRate\", "
            + "\"severity\": \"critical\"}, \"commonAnnotations\": {}, \"externalURL\": \"http://alertmanager:9093\", "
            + "\"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"HighErrorRate\", \"severity\": "
            + "\"critical\", \"service\": \"checkout\"}, \"annotations\": {\"summary\": \"Checkout error rate above 5%\"}, "
            + "\"startsAt\": \"2026-03-02T09:14:00Z\", \"endsAt\": \"0001-01-01T00:00:00Z\", "
            + "\"generatorURL\": \"http://prometheus:9090/graph\", \"fingerprint\": \"c1a2b3d4e5f60718\"}]}";
}
