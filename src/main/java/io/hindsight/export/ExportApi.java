package io.hindsight.export;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.audit.Audit;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** The Markdown report of an incident for programs; errors are problem documents like the rest of the API. */
@Path("/api/v1/incidents/{id}/export.md")
@Tag(name = "Incidents")
@RolesAllowed(Role.VIEW)
public class ExportApi {

    @Inject
    ExportService exports;

    @Inject
    CurrentUser me;

    @Inject
    RoutingContext ctx;

    @GET
    @Produces(ExportResource.MARKDOWN)
    @Operation(summary = "Export an incident and its postmortem as Markdown",
            description = "GitHub-flavoured Markdown with YAML front matter; the same data always gives the same bytes.")
    @APIResponse(responseCode = "200", description = "The Markdown file, as an attachment",
            content = @Content(mediaType = ExportResource.MARKDOWN, schema = @Schema(type = SchemaType.STRING)))
    public Response download(@RestPath long id) {
        Response report = ExportResource.attachment(exports.report(id).orElseThrow(() -> new NotFoundException("No incident " + id)));
        exports.recordDownload(me.id(), id, Audit.addressOf(ctx.request()));
        return report;
    }
}
