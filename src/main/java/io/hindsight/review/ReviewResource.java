package io.hindsight.review;

import io.hindsight.account.AccountService;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.postmortem.Section;
import io.hindsight.validation.Enums;
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
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Review and publish a postmortem: reviewers, comments per section, the blameless check, publishing. */
@Path("/incidents/{id}/postmortem/review")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class ReviewResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance review(Incident incident, ReviewService.Review review, List<Section> sections,
                                              List<User> people, Map<String, String> errors);
    }

    @Inject
    ReviewService reviews;

    @Inject
    IncidentService incidents;

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance show(@RestPath long id) {
        return page(id, Map.of());
    }

    @POST
    @Path("/send")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response send(@RestPath long id, @RestForm List<Long> reviewers) {
        return act(id, () -> reviews.sendForReview(id, reviewers), "Sent for review. Reviewers see it under Postmortems in review.");
    }

    @POST
    @Path("/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@RestPath long id, @RestForm String decision) {
        return act(id, () -> reviews.decide(id, me.requireId(), Enums.lenient(Reviewer.Decision.class, decision)), "Your review is recorded.");
    }

    @POST
    @Path("/comments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response comment(@RestPath long id, @RestForm String section, @RestForm String body) {
        return act(id, () -> reviews.comment(id, me.requireId(), Enums.lenient(Section.class, section), body), "Comment added.");
    }

    @POST
    @Path("/not-applicable")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response notApplicable(@RestPath long id, @RestForm String section, @RestForm String reason, @RestForm String applies) {
        return act(id, () -> reviews.setNotApplicable(id, Enums.lenient(Section.class, section), reason, "yes".equals(applies)), "Saved.");
    }

    @POST
    @Path("/no-action-reason")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response noActionReason(@RestPath long id, @RestForm String reason) {
        return act(id, () -> reviews.setNoActionReason(id, reason), "Saved.");
    }

    @POST
    @Path("/acknowledge")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response acknowledge(@RestPath long id, @RestForm String section, @RestForm String rule, @RestForm String phrase,
                                @RestForm String reason) {
        return act(id, () -> reviews.acknowledge(id, me.requireId(), Enums.lenient(Section.class, section), rule, phrase, reason),
                "Acknowledged; the reason is kept with the postmortem.");
    }

    @POST
    @Path("/publish")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response publish(@RestPath long id) {
        try {
            reviews.publish(id);
            flash.success("Published. It is in the Lessons library now — thank you for sharing it.");
            return Response.seeOther(URI.create("/incidents/" + id + "/postmortem")).build();
        } catch (InvalidInputException e) {
            return Response.status(409).entity(page(id, e.byField())).build();
        }
    }

    private Response act(long id, Runnable action, String success) {
        try {
            action.run();
            flash.success(success);
            return Response.seeOther(URI.create("/incidents/" + id + "/postmortem/review")).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(id, e.byField())).build();
        }
    }

    private TemplateInstance page(long id, Map<String, String> errors) {
        return Templates.review(incidents.get(id), reviews.review(id), List.of(Section.values()), accounts.active(), errors);
    }
}
