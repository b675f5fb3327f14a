package io.hindsight.tracker;

import io.hindsight.account.Role;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import java.net.URI;

/** "Create issue" on an action item: queued, so the page answers at once whatever the tracker does. */
@Path("/incidents/{id}/action-items/{itemId}/issue")
@RolesAllowed(Role.EDIT)
public class ActionItemIssueResource {

    @Inject
    TrackerIssues issues;

    @Inject
    Flash flash;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestPath long id, @RestPath long itemId, @RestForm String tracker) {
        URI back = URI.create("/incidents/" + id + "/action-items#item-" + itemId);
        TrackerKind kind = TrackerKind.of(tracker).orElseThrow(() -> new InvalidInputException("tracker", "Choose GitHub or Jira."));
        try {
            issues.request(id, itemId, kind);
            flash.info("Creating the " + kind.label() + " issue. Its number shows here once " + kind.label() + " answered.");
        } catch (InvalidInputException e) {
            flash.warning(String.join(" ", e.byField().values()));
        }
        return Response.seeOther(back).build();
    }
}
