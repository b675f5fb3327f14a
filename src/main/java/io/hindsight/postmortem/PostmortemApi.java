package io.hindsight.postmortem;

import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.time.Instant;

/** The postmortem of an incident in JSON: sections as Markdown. */
@Path("/api/v1/incidents/{id}/postmortem")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Postmortems")
@RolesAllowed(Role.VIEW)
public class PostmortemApi {

    @Inject
    PostmortemService postmortems;

    /** A postmortem with its sections' Markdown. */
    public record PostmortemView(long incidentId, String template, String summary, String impact, String timelineNotes,
                                 String laugh, String learn, String fix, String share, Instant updatedAt, long version) {
        static PostmortemView of(Postmortem p) {
            return new PostmortemView(p.incident.id, p.template.slug, p.summary, p.impact, p.timelineNotes, p.laugh, p.learn,
                    p.fix, p.share, p.updatedAt, p.version);
        }
    }


    @GET
    @Operation(summary = "Get the postmortem of an incident")
    public PostmortemView get(@RestPath long id) {
        return postmortems.findByIncident(id).map(PostmortemView::of)
                .orElseThrow(() -> new NotFoundException("Incident " + id + " has no postmortem yet"));
    }

    @PUT
    @RolesAllowed(Role.EDIT)
    @Operation(summary = "Save every section of the postmortem; starts it from the given template if there is none")
    public PostmortemView save(@RestPath long id, PostmortemDraftRequest body) {
        if (body == null) {
            throw new BadRequestException("A JSON body is required");
        }
        return PostmortemView.of(postmortems.write(id, body.template() == null ? "general" : body.template(), body.draft()));
    }

    /** The sections to save, and the template to start from when there is no postmortem yet. */
    public record PostmortemDraftRequest(String template, String summary, String impact, String timelineNotes, String laugh,
                                         String learn, String fix, String share) {
        PostmortemDraft draft() {
            return new PostmortemDraft(summary, impact, timelineNotes, laugh, learn, fix, share);
        }
    }
}
