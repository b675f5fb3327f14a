package io.hindsight.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The revisions of an incident and of everything on it, in JSON; restoring one is a save like any other. */
@Path("/api/v1/incidents/{id}/revisions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "History")
@RolesAllowed(Role.VIEW)
public class HistoryApi {

    @Inject
    HistoryService history;

    @Inject
    CurrentUser me;

    /** One revision: which record, which of its revisions, who, when, why, and what changed. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // what is not known is left out, as the document says
    public record RevisionView(long id, String recordType, long recordId, String record, int sequence, String kind,
                               Long authorId, String author, Instant createdAt, String changed) {
        static RevisionView of(HistoryService.Entry entry) {
            Revision r = entry.revision();
            return new RevisionView(r.id, r.entityType.name().toLowerCase(), r.entityId, entry.record(), r.sequence,
                    r.kind.name().toLowerCase(), r.authorId, entry.author(), r.createdAt, r.summary);
        }
    }

    /** A revision with the values of its record's editable fields. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // what is not known is left out, as the document says
    public record RevisionDetail(long id, String recordType, long recordId, String record, int sequence, String kind,
                                 Long authorId, String author, Instant createdAt, String changed, Map<String, Object> fields) {
    }

    public record RevisionPage(List<RevisionView> items, int page, int size, boolean hasNext) {
    }

    @GET
    @Operation(summary = "List the revisions of an incident and of its postmortem, timeline, action items and checklist items",
            description = "Newest first, in pages of " + HistoryService.PAGE_SIZE + ".")
    public RevisionPage list(@RestPath long id, @Parameter(description = "From 1") @RestQuery Integer page) {
        if (page != null && page < 1) {
            throw new BadRequestException("page starts at 1");
        }
        HistoryService.HistoryPage found = history.history(id, page == null ? 1 : page);
        return new RevisionPage(found.entries().stream().map(RevisionView::of).toList(), found.page(), HistoryService.PAGE_SIZE,
                found.hasNext());
    }

    @GET
    @Path("/{rid}")
    @Operation(summary = "Get one revision with the values it kept")
    public RevisionDetail get(@RestPath long id, @RestPath long rid) {
        Revision revision = history.revision(id, rid);
        RevisionView view = RevisionView.of(history.entry(revision));
        return new RevisionDetail(view.id(), view.recordType(), view.recordId(), view.record(), view.sequence(), view.kind(),
                view.authorId(), view.author(), view.createdAt(), view.changed(), history.fields(revision));
    }

    @POST
    @Path("/{rid}/restore")
    @RolesAllowed(Role.EDIT)
    @Operation(summary = "Restore a revision",
            description = "Saves the revision's values through the record's own rules, which keeps a new revision of kind "
                    + "restore. A published postmortem is not changed in place: the restore becomes its amendment, which "
                    + "goes through review (kind amendment). 400 when the record holds these values already.")
    @APIResponse(responseCode = "201", description = "Restored; the answer is the new revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevisionView.class)),
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
    public Response restore(@RestPath long id, @RestPath long rid) {
        Revision kept = history.restore(id, rid, me.requireId());
        return Response.created(URI.create("/api/v1/incidents/" + id + "/revisions/" + kept.id))
                .entity(RevisionView.of(history.entry(kept))).build();
    }
}
