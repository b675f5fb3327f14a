package io.hindsight.importing;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.export.ExportResource;
import io.hindsight.incident.Incident;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import io.hindsight.validation.InvalidInputException;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.net.URI;
import java.util.List;

/** Importing one Markdown postmortem (a Hindsight export or a plain one) through the API. */
@Path("/api/v1/incidents/import")
@Tag(name = "Incidents")
@RolesAllowed(Role.EDIT)
public class ImportApi {

    /** What the import made, and what it could not place. */
    public record Imported(long id, List<String> warnings, List<String> unmappedHeadings) {
    }

    @Inject
    ImportService imports;

    @Inject
    CurrentUser me;

    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.core.HttpHeaders headers;

    @POST
    @Consumes({ExportResource.MARKDOWN, MediaType.TEXT_PLAIN, MediaType.TEXT_HTML})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import an incident from Markdown or HTML",
            description = "A Hindsight export, a plain postmortem (# title, ## sections) or a web page (text/html: a Confluence "
                    + "export or a Google Docs web page). Dates, timeline tables and lists and action-item tables and lists are read "
                    + "as structure. Creates the incident, its "
                    + "postmortem, timeline and action items in one transaction; 400 with a problem listing what is wrong. "
                    + "Nothing is announced in chat unless announce=summary: then one message says the incident was imported.")
    @APIResponse(responseCode = "201", description = "Imported; Location is the new incident's address",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Imported.class)),
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
    public Response importMarkdown(String markdown, @RestHeader("X-File-Name") String fileName,
                                   @Parameter(description = "none (default): no chat message; summary: one message saying what was imported")
                                   @RestQuery String announce) {
        Announce announcing = Announce.parse(announce)
                .orElseThrow(() -> new InvalidInputException("announce", "Use none or summary."));
        String name = fileName == null || fileName.isBlank() ? "request body" : fileName;
        // The raw header: an empty or malformed Content-Type must not fail the request here.
        String contentType = headers.getRequestHeaders().getFirst(jakarta.ws.rs.core.HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.TEXT_HTML)
                && !name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.html?$")) {
            name = name + ".html";
        }
        ImportService.Plan plan = imports.preview(name, markdown);
        Incident incident = imports.create(name, markdown, me.requireId());
        imports.announce(announcing, List.of(incident.id), me.requireId());
        return Response.created(URI.create("/api/v1/incidents/" + incident.id))
                .entity(new Imported(incident.id, plan.warnings(), plan.parsed().unmappedHeadings()))
                .build();
    }

}
