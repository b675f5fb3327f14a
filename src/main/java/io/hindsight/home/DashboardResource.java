package io.hindsight.home;

import io.hindsight.account.CurrentUser;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.checklist.ChecklistService;
import io.hindsight.checklist.IncidentChecklistItem;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.review.ReviewService;
import io.hindsight.web.PublicUrl;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.LocalDate;
import java.util.List;

/** The dashboard: what is burning, what waits for review, and what others have learned lately. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class DashboardResource {

    private static final int RECENT = 5;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(List<Incident> open, List<Incident> inReview, List<Incident> published,
                                                 boolean anyIncident, List<ActionItem> myItems, List<IncidentChecklistItem> reverify,
                                                 LocalDate today, List<ReviewService.ChangesRequestedOn> changesRequested,
                                                 String publicAddress, boolean loopbackAddress);
    }

    @Inject
    IncidentService incidents;

    @Inject
    DashboardQueries dashboard;

    @Inject
    ActionItemService actions;

    @Inject
    ChecklistService checklists;

    @Inject
    ReviewService reviews;

    @Inject
    CurrentUser me;

    @Inject
    PublicUrl publicUrl;

    @GET
    public TemplateInstance dashboard() {
        // Every query reads about what it shows (see DashboardQueries and docs/performance.md, "Query plans").
        return Templates.dashboard(dashboard.openIncidents(), incidents.latestWithStatus(IncidentStatus.IN_REVIEW, RECENT),
                incidents.latestWithStatus(IncidentStatus.PUBLISHED, RECENT), dashboard.anyIncident(),
                actions.pendingFor(me.requireId(), 10), checklists.reverificationsDue(10), actions.today(),
                reviews.changesRequestedOnPostmortemsOf(me.requireId()), publicUrl.base(), publicUrl.isLoopback());
    }
}
