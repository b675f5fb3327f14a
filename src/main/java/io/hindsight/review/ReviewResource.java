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
import io.hindsight.web.TimeFormat;
import io.hindsight.web.ViewerZone;
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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
                                              List<User> people, SendForm send, String overrideReason, String rule,
                                              Map<String, String> errors);
    }

    /**
     * The send-for-review form as typed: the resolved time ({@code datetime-local}) in the zone it was
     * shown in, asked for when the incident is not resolved yet.
     */
    public record SendForm(String resolvedAt, String zone) {
        static SendForm blank(ZoneId zone) {
            return new SendForm("", zone.getId());
        }

        /** The resolved time, or null when none was given; a value that is not a time is a field error. */
        Instant resolvedAtInstant() {
            try {
                return TimeFormat.parseInput(resolvedAt, zoneId());
            } catch (DateTimeException e) {
                throw new InvalidInputException("resolvedAt", "Use a date and time like 2026-03-14 09:30.");
            }
        }

        private ZoneId zoneId() {
            try {
                return ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone);
            } catch (DateTimeException e) {
                return ZoneOffset.UTC;
            }
        }
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

    @Inject
    ViewerZone viewerZone;

    @GET
    public TemplateInstance show(@RestPath long id) {
        return page(id, SendForm.blank(viewerZone.zone()), Map.of());
    }

    @POST
    @Path("/send")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response send(@RestPath long id, @RestForm List<Long> reviewers, @RestForm String resolvedAt, @RestForm String zone) {
        SendForm form = new SendForm(resolvedAt == null ? "" : resolvedAt, zone);
        try {
            reviews.sendForReview(id, reviewers, form.resolvedAtInstant());
            flash.success("Sent for review. Reviewers see it under Postmortems in review.");
            return Response.seeOther(URI.create("/incidents/" + id + "/postmortem/review")).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(id, form, e.byField())).build();
        }
    }

    @POST
    @Path("/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@RestPath long id, @RestForm String decision) {
        return act(id, () -> reviews.decide(id, me.requireId(), Enums.lenient(Reviewer.Decision.class, decision)), "Your review is recorded.");
    }

    @POST
    @Path("/ready")
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response ready(@RestPath long id) {
        return act(id, () -> reviews.readyForAnotherLook(id, me.requireId()),
                "Sent back to the reviewers who asked for changes. They have been told.");
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
    public Response publish(@RestPath long id, @RestForm String overrideReason) {
        try {
            boolean amending = reviews.review(id).amending();
            reviews.publish(id, me.requireId(), overrideReason);
            flash.success(amending ? "Amendment approved. Readers see the amended text now, marked “Amended on”."
                    : "Published. It is in the Lessons library now — thank you for sharing it.");
            return Response.seeOther(URI.create("/incidents/" + id + "/postmortem")).build();
        } catch (InvalidInputException e) {
            return Response.status(e.byField().containsKey("overrideReason") ? 400 : 409)
                    .entity(page(id, SendForm.blank(viewerZone.zone()), overrideReason, e.byField())).build();
        }
    }

    private Response act(long id, Runnable action, String success) {
        try {
            action.run();
            flash.success(success);
            return Response.seeOther(URI.create("/incidents/" + id + "/postmortem/review")).build();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(id, SendForm.blank(viewerZone.zone()), e.byField())).build();
        }
    }

    private TemplateInstance page(long id, SendForm send, Map<String, String> errors) {
        return page(id, send, "", errors);
    }

    private TemplateInstance page(long id, SendForm send, String overrideReason, Map<String, String> errors) {
        ReviewService.Review review = reviews.review(id);
        return Templates.review(incidents.get(id), review, List.of(Section.values()), review.askable(accounts.active()), send,
                overrideReason, ReviewService.RULE, errors);
    }
}
