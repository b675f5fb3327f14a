package io.hindsight.incident;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.history.HistoryService;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionKind;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The History tab of an incident: every revision, two of one record compared, and a revision restored. It lives with the
 * incident, whose page it is a tab of; the history itself knows no feature.
 */
@Path("/incidents/{id}/history")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class IncidentHistoryResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance history(Incident incident, HistoryService.HistoryPage history);

        static native TemplateInstance compare(Incident incident, HistoryService.Comparison comparison,
                                               List<HistoryService.Entry> choices);

        static native TemplateInstance restore(Incident incident, HistoryService.Comparison comparison,
                                               Map<String, String> errors);
    }

    @Inject
    HistoryService history;

    @Inject
    IncidentService incidents;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list(@RestPath long id, @RestQuery Integer page) {
        return Templates.history(incidents.get(id), history.history(id, page == null ? 1 : page));
    }

    /** Two revisions of one record: {@code to}, and {@code from} or the revision before it. */
    @GET
    @Path("/compare")
    public Response compare(@RestPath long id, @RestQuery Long from, @RestQuery Long to) {
        if (to == null) {
            return Response.seeOther(URI.create("/incidents/" + id + "/history")).build();
        }
        try {
            HistoryService.Comparison comparison = history.compare(id, from, to);
            return Response.ok(Templates.compare(incidents.get(id), comparison,
                    history.revisionsOfRecord(comparison.to().revision()))).build();
        } catch (InvalidInputException e) {
            flash.warning(String.join(" ", e.byField().values()));
            return Response.seeOther(URI.create("/incidents/" + id + "/history/compare?to=" + to)).build();
        }
    }

    /** What restoring a revision would change, to confirm. */
    @GET
    @Path("/{rid}/restore")
    @RolesAllowed(Role.EDIT)
    public TemplateInstance initRestoreForm(@RestPath long id, @RestPath long rid) {
        return Templates.restore(incidents.get(id), restoring(id, rid), Map.of());
    }

    @POST
    @Path("/{rid}/restore")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response processRestoreForm(@RestPath long id, @RestPath long rid) {
        try {
            Revision kept = history.restore(id, rid, me.requireId());
            flash.success(kept.kind == RevisionKind.AMENDMENT
                    ? "Restored as an amendment of the published postmortem: readers keep the published text until it is approved."
                    : "Restored. The restore is itself a revision, so it can be undone the same way.");
            return Response.seeOther(URI.create("/incidents/" + id + "/history")).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.restore(incidents.get(id), restoring(id, rid), e.byField())).build();
        }
    }

    private HistoryService.Comparison restoring(long id, long rid) {
        return history.restorePreview(id, rid);
    }
}
