package io.hindsight.postmortem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.hindsight.web.ApiDocs;
import io.hindsight.web.EntityTags;
import io.hindsight.web.Versioned;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The postmortem of an incident in JSON: sections as Markdown. */
@Path("/api/v1/incidents/{id}/postmortem")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Postmortems")
@RolesAllowed(Role.VIEW)
public class PostmortemApi {

    @Inject
    PostmortemService postmortems;

    @Inject
    CurrentUser me;

    /**
     * A postmortem with its sections' Markdown, the blameless check's findings in them, and who wrote
     * it (the people who saved it, in the order they first did). The sections are the text readers see; a change to a
     * published postmortem waiting for review is under {@code amendment}, and {@code amended_at} says when the last
     * approved one replaced the published text.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL) // what is not known is left out, as the document says
    public record PostmortemView(long incidentId, String template, String summary, String impact, String timelineNotes,
                                 String laugh, String learn, String fix, String share, Instant updatedAt, long version,
                                 List<FindingView> findings, List<ContributorView> contributors, AmendmentView amendment,
                                 Instant amendedAt) implements Versioned {

        /** Kind of record in the postmortem's entity tag, which is keyed by its incident (the address). */
        static final String KIND = "postmortem";

        @Override
        public String entityTag() {
            return EntityTags.of(KIND, incidentId, version);
        }

        static PostmortemView of(Postmortem p, Map<Section, List<BlamelessFinding>> findings, List<Contributor> contributors,
                                 PostmortemAmendment open, PostmortemAmendment last) {
            return new PostmortemView(p.incident.id, p.template.slug, p.summary, p.impact, p.timelineNotes, p.laugh, p.learn,
                    p.fix, p.share, p.updatedAt, p.version, FindingView.of(findings),
                    contributors.stream().map(ContributorView::of).toList(), open == null ? null : AmendmentView.of(open),
                    last == null ? null : last.closedAt);
        }
    }

    /** The text proposed for a published postmortem, not seen by readers until its review approves it. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // what is not known is left out, as the document says
    public record AmendmentView(String status, String summary, String impact, String timelineNotes, String laugh, String learn,
                                String fix, String share, Instant updatedAt) {
        static AmendmentView of(PostmortemAmendment a) {
            return new AmendmentView(a.status.name().toLowerCase(), a.summary, a.impact, a.timelineNotes, a.laugh, a.learn,
                    a.fix, a.share, a.updatedAt);
        }
    }

    /** Someone who wrote part of the postmortem: their first and their latest save. */
    public record ContributorView(String name, Instant firstEditAt, Instant lastEditAt) {
        static ContributorView of(Contributor c) {
            return new ContributorView(c.user.name, c.firstEditAt, c.lastEditAt);
        }
    }

    /**
     * Wording the blameless check flagged, as the editor shows it.
     *
     * @param section the property that holds the section's text ({@code timeline_notes}, ...)
     * @param start   offset of the first flagged character in that text; {@code end} is exclusive
     */
    public record FindingView(String section, String ruleId, String phrase, int start, int end, String explanation,
                              String suggestion, String sentence) {
        private static final PropertyNamingStrategies.NamingBase PROPERTY = new PropertyNamingStrategies.SnakeCaseStrategy();

        static List<FindingView> of(Map<Section, List<BlamelessFinding>> findings) {
            return findings.entrySet().stream().flatMap(e -> e.getValue().stream().map(f -> new FindingView(
                    PROPERTY.translate(e.getKey().field()), f.ruleId(), f.phrase(), f.start(), f.end(), f.explanation(),
                    f.suggestion(), f.sentence()))).toList();
        }
    }

    private PostmortemView view(Postmortem postmortem) {
        return PostmortemView.of(postmortem, postmortems.findings(postmortem), postmortems.contributors(postmortem),
                postmortems.openAmendment(postmortem).orElse(null), postmortems.lastAmendment(postmortem).orElse(null));
    }

    @GET
    @Operation(summary = "Get the postmortem of an incident")
    @APIResponse(responseCode = "200", description = "The postmortem; its ETag names this version, for If-Match",
            headers = @Header(name = "ETag", description = ApiDocs.ETAG, schema = @Schema(type = SchemaType.STRING)))
    public PostmortemView get(@RestPath long id) {
        return postmortems.findByIncident(id).map(this::view)
                .orElseThrow(() -> new NotFoundException("Incident " + id + " has no postmortem yet"));
    }

    @PUT
    @RolesAllowed(Role.EDIT)
    @Operation(summary = "Save every section of the postmortem; starts it from the given template if there is none",
            description = "A published postmortem is not changed in place: the text becomes its amendment (under "
                    + "'amendment' in the answer), which goes through review; readers keep the published text until then. "
                    + ApiDocs.WRITE)
    @APIResponse(responseCode = "200", description = "Saved; the ETag names the new version",
            headers = @Header(name = "ETag", description = ApiDocs.ETAG, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "412", description = ApiDocs.PRECONDITION_FAILED)
    public PostmortemView save(@RestPath long id,
                               @Parameter(description = ApiDocs.IF_MATCH) @RestHeader(EntityTags.IF_MATCH) String ifMatch,
                               @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "save", value = ApiDocs.POSTMORTEM_EXAMPLE))) PostmortemDraftRequest body) {
        if (body == null) {
            throw new BadRequestException("A JSON body is required");
        }
        Long current = postmortems.findByIncident(id).map(pm -> pm.version).orElse(null);
        Long expected = EntityTags.expectedVersion(ifMatch, body.version(), PostmortemView.KIND, id, current);
        return view(postmortems.write(id, body.template() == null ? "general" : body.template(), body.draft(), expected,
                me.requireId()));
    }

    @DELETE
    @Path("/amendment")
    @RolesAllowed(Role.EDIT)
    @Operation(summary = "Discard the amendment of a published postmortem", description = "400 when there is none. "
            + "With If-Match, refused (412) when the amendment was saved again after the ETag was read.")
    @APIResponse(responseCode = "200", description = "Discarded; the postmortem as it is published",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PostmortemView.class)))
    @APIResponse(responseCode = "412", description = ApiDocs.PRECONDITION_FAILED)
    public PostmortemView discardAmendment(@RestPath long id,
                                           @Parameter(description = ApiDocs.IF_MATCH) @RestHeader(EntityTags.IF_MATCH) String ifMatch) {
        EntityTags.expectedVersion(ifMatch, null, PostmortemView.KIND, id,
                postmortems.findByIncident(id).map(pm -> pm.version).orElse(null));
        postmortems.discardAmendment(id, me.requireId());
        return get(id);
    }

    /**
     * The sections to save, the template to start from when there is no postmortem yet, and optionally the version
     * the change starts from (a stale one is refused with 409).
     */
    public record PostmortemDraftRequest(String template, String summary, String impact, String timelineNotes, String laugh,
                                         String learn, String fix, String share, Long version) {
        PostmortemDraft draft() {
            return new PostmortemDraft(summary, impact, timelineNotes, laugh, learn, fix, share);
        }
    }
}
