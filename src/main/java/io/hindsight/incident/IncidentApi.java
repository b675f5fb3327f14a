package io.hindsight.incident;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.hindsight.web.ApiDocs;
import io.hindsight.web.EntityTags;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;

/** The JSON API for programs: alerting tools and scripts that record incidents or read them. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Incidents")
@RolesAllowed(Role.VIEW)
public class IncidentApi {

    private static final String STATUS_RULE = "status is investigating, mitigated or resolved; in_review and published "
            + "are reached only through the postmortem's review (400 otherwise).";

    private static final String MOVE_START = "true: when the moment is before the impact started, move the start to it";

    @Inject
    IncidentService incidents;

    @Inject
    java.time.Clock clock;

    @Inject
    CurrentUser me;

    @Inject
    IncidentDeletion deletion;

    @GET
    @Operation(summary = "List incidents", description = "Newest first unless sorted otherwise; pages of at most 100. "
            + "Follow next_cursor (pass it as cursor, with the same filters and sort) to walk the whole list; numbered "
            + "pages reach as far as 10,000 incidents (page × size).")
    public IncidentView.Page list(
            @Parameter(description = "investigating, mitigated, resolved, in_review or published") @RestQuery String status,
            @Parameter(description = "sev1 … sev4") @RestQuery String severity,
            @RestQuery String tag, @RestQuery String service,
            @Parameter(description = "Text in the title or summary") @RestQuery String q,
            @Parameter(description = "newest, oldest, severity, updated or title") @RestQuery String sort,
            @Parameter(description = "1 … 10,000 / size; for deeper pages follow next_cursor") @RestQuery Integer page,
            @RestQuery Integer size,
            @Parameter(description = "next_cursor of the page before (the same filters and sort)") @RestQuery String cursor) {
        if ((page != null && page < 1) || (size != null && (size < 1 || size > IncidentQuery.MAX_SIZE))) {
            throw new BadRequestException("page starts at 1 and size is between 1 and " + IncidentQuery.MAX_SIZE);
        }
        IncidentQuery query = IncidentQuery.lenient(status, severity, tag, service, q, sort, page, size, cursor, null);
        if (cursor != null && !cursor.isBlank() && query.cursor() == null) {
            throw new BadRequestException("cursor is not a next_cursor of this list (with the same sort)");
        }
        if (query.cursor() != null && page != null && page > 1) {
            throw new BadRequestException("page and cursor exclude each other: follow next_cursor");
        }
        if (query.offset() > IncidentQuery.MAX_OFFSET) {
            throw new BadRequestException("page × size reaches " + IncidentQuery.MAX_OFFSET + " incidents at most: follow next_cursor for deeper pages");
        }
        return IncidentView.Page.of(incidents.search(query));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one incident with its timeline")
    @APIResponse(responseCode = "200", description = "The incident; its ETag names this version, for If-Match",
            headers = @Header(name = "ETag", description = ApiDocs.ETAG, schema = @Schema(type = SchemaType.STRING)))
    public IncidentView get(@RestPath long id) {
        return IncidentView.of(incidents.get(id), true);
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Operation(summary = "Record an incident", description = "Only title and severity are needed: status defaults to "
            + "investigating and started_at to now. Enum values are read in any case (\"investigating\", \"sev2\"). "
            + STATUS_RULE)
    @APIResponse(responseCode = "201", description = "Recorded; Location is its address, the ETag names its first version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.class)),
            headers = {@Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = ApiDocs.ETAG, schema = @Schema(type = SchemaType.STRING))})
    public Response create(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "declare", value = ApiDocs.DECLARE_EXAMPLE))) IncidentDraft draft) {
        Incident incident = incidents.create(requireBody(draft).declared(clock.instant()), me.id());
        return Response.created(URI.create("/api/v1/incidents/" + incident.id)).entity(IncidentView.of(incident, true)).build();
    }

    @DELETE
    @RolesAllowed(Role.EDIT)
    @Path("/{id}")
    @Operation(summary = "Move an incident to the Trash", description = IncidentDeletion.RULE
            + " 204 when done; 403 problem when this rule refuses; 410 when it is already in the Trash; 412 when If-Match "
            + "names a version that is no longer current.")
    @APIResponse(responseCode = "204", description = "Moved to the Trash")
    @APIResponse(responseCode = "410", description = "Already in the Trash")
    @APIResponse(responseCode = "412", description = ApiDocs.PRECONDITION_FAILED)
    public Response delete(@RestPath long id,
                           @Parameter(description = ApiDocs.IF_MATCH) @RestHeader(EntityTags.IF_MATCH) String ifMatch) {
        EntityTags.expectedVersion(ifMatch, null, IncidentView.KIND, id, incidents.get(id).version);
        deletion.delete(id, me.requireId(), me.isAdmin());
        return Response.noContent().build();
    }

    @PUT
    @RolesAllowed(Role.EDIT)
    @Path("/{id}")
    @Operation(summary = "Replace what is recorded about an incident", description = STATUS_RULE
            + " An incident in review or published keeps its status: send it unchanged. " + ApiDocs.WRITE)
    @APIResponse(responseCode = "200", description = "Saved; the ETag names the new version", headers = @Header(name = "ETag", description = ApiDocs.ETAG, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "412", description = ApiDocs.PRECONDITION_FAILED)
    public IncidentView update(@RestPath long id,
                               @Parameter(description = ApiDocs.IF_MATCH) @RestHeader(EntityTags.IF_MATCH) String ifMatch,
                               @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "replace", value = ApiDocs.REPLACE_EXAMPLE))) IncidentDraft draft) {
        requireBody(draft);
        Long expected = EntityTags.expectedVersion(ifMatch, draft.version(), IncidentView.KIND, id, incidents.get(id).version);
        return IncidentView.of(incidents.update(id, draft, expected), true);
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Path("/{id}/timeline")
    @Operation(summary = "Add a moment to an incident's timeline",
            description = "A moment before the impact started is kept as given; add ?move_start=true to move the "
                    + "incident's start to it as well. The caller is recorded as the one who added it (created_by).")
    @APIResponse(responseCode = "201", description = "Added; the ETag names its first version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.Moment.class)),
            headers = {@Header(name = "Location", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = ApiDocs.ETAG, schema = @Schema(type = SchemaType.STRING))})
    public Response addTimelineEntry(@RestPath long id, @Parameter(description = MOVE_START) @RestQuery("move_start") boolean moveStart,
                                     @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "moment", value = ApiDocs.MOMENT_EXAMPLE))) TimelineDraft draft) {
        TimelineEntry entry = incidents.addTimelineEntry(id, requireBody(draft), me.id(), beforeStart(moveStart));
        return Response.created(URI.create("/api/v1/incidents/" + id)).entity(IncidentView.Moment.of(entry)).build();
    }

    @GET
    @Path("/{id}/timeline/{entryId}")
    @Operation(summary = "Get one moment of an incident's timeline")
    @APIResponse(responseCode = "200", description = "The moment; its ETag names this version, for If-Match",
            headers = @Header(name = "ETag", description = ApiDocs.ETAG, schema = @Schema(type = SchemaType.STRING)))
    public IncidentView.Moment getTimelineEntry(@RestPath long id, @RestPath long entryId) {
        return IncidentView.Moment.of(incidents.timelineEntry(id, entryId));
    }

    @PUT
    @RolesAllowed(Role.EDIT)
    @Path("/{id}/timeline/{entryId}")
    @Operation(summary = "Correct a moment of an incident's timeline",
            description = "Replaces its time, kind and description; who added it stays. ?move_start=true as when adding. "
                    + ApiDocs.WRITE)
    @APIResponse(responseCode = "200", description = "Saved; the ETag names the new version", headers = @Header(name = "ETag", description = ApiDocs.ETAG, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "412", description = ApiDocs.PRECONDITION_FAILED)
    public IncidentView.Moment updateTimelineEntry(@RestPath long id, @RestPath long entryId,
                                                   @Parameter(description = MOVE_START) @RestQuery("move_start") boolean moveStart,
                                                   @Parameter(description = ApiDocs.IF_MATCH) @RestHeader(EntityTags.IF_MATCH)
                                                   String ifMatch,
                                                   @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "moment", value = ApiDocs.MOMENT_EXAMPLE))) TimelineDraft draft) {
        requireBody(draft);
        Long expected = EntityTags.expectedVersion(ifMatch, draft.version(), IncidentView.Moment.KIND, entryId,
                incidents.timelineEntry(id, entryId).version);
        return IncidentView.Moment.of(incidents.updateTimelineEntry(id, entryId, draft, beforeStart(moveStart), expected));
    }

    private static BeforeStart beforeStart(boolean moveStart) {
        return moveStart ? BeforeStart.MOVE_START : BeforeStart.KEEP;
    }

    private static <T> T requireBody(T body) {
        if (body == null) {
            throw new BadRequestException("A JSON body is required");
        }
        return body;
    }
}
