package io.hindsight.tracker;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.hindsight.web.PublicUrl;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
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

/** Admin → Integrations → Trackers: connect GitHub Issues and Jira Cloud; what was created and what failed. */
@Path("/admin/trackers")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.MANAGE)
public class TrackersResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance trackers(TrackerConnection githubConnection, TrackerConnection jiraConnection,
                                                TrackerConnections.Form github, TrackerConnections.Form jira,
                                                Map<String, String> githubErrors, Map<String, String> jiraErrors,
                                                List<TrackerRequest> requests, String githubWebhook, String jiraWebhook);
    }

    @Inject
    TrackerConnections connections;

    @Inject
    TrackerIssues issues;

    @Inject
    PublicUrl publicUrl;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list() {
        return page(null, null, Map.of());
    }

    @POST
    @Path("/{kind}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@RestPath String kind, @RestForm String apiBaseUrl, @RestForm String project, @RestForm String accountEmail,
                         @RestForm String issueType, @RestForm String doneCategory, @RestForm String token, @RestForm String webhookSecret) {
        TrackerKind tracker = kind(kind);
        TrackerConnections.Form form = new TrackerConnections.Form(apiBaseUrl, project, accountEmail, issueType, doneCategory, token,
                webhookSecret);
        boolean existed = connections.get(tracker).isPresent();
        try {
            TrackerConnection saved = connections.save(me.requireId(), tracker, form);
            flash.success((existed ? "Saved the " : "Connected ") + tracker.label() + " (" + saved.where()
                    + "). Action items can now get issues there.");
            return back();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(tracker, form.withoutSecrets(), e.byField())).build();
        }
    }

    @POST
    @Path("/{kind}/disconnect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disconnect(@RestPath String kind) {
        TrackerKind tracker = kind(kind);
        if (connections.disconnect(me.requireId(), tracker)) {
            flash.success("Disconnected " + tracker.label() + "; its token and webhook secret are deleted. Linked issues keep their links.");
        }
        return back();
    }

    /** Puts a failed creation back in the queue. */
    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replay(@RestForm Long request) {
        if (request == null) {
            throw new InvalidInputException("request", "Choose a failed issue creation to replay.");
        }
        if (issues.replay(me.requireId(), request)) {
            flash.info("Issue creation #" + request + " queued again.");
        } else {
            flash.warning("Issue creation #" + request + " has not failed; nothing to replay.");
        }
        return back();
    }

    private static TrackerKind kind(String key) {
        return TrackerKind.of(key).orElseThrow(() -> new NotFoundException("No tracker " + key));
    }

    private TemplateInstance page(TrackerKind errorKind, TrackerConnections.Form typed, Map<String, String> byField) {
        // The two forms share field names; their inputs' ids carry the tracker's key.
        Map<String, String> errors = new java.util.HashMap<>();
        byField.forEach((field, message) -> errors.put(errorKind.key() + "-" + field, message));
        Map<TrackerKind, TrackerConnection> all = connections.all();
        TrackerConnections.Form github = errorKind == TrackerKind.GITHUB ? typed : TrackerConnections.Form.of(TrackerKind.GITHUB, all.get(TrackerKind.GITHUB));
        TrackerConnections.Form jira = errorKind == TrackerKind.JIRA ? typed : TrackerConnections.Form.of(TrackerKind.JIRA, all.get(TrackerKind.JIRA));
        return Templates.trackers(all.get(TrackerKind.GITHUB), all.get(TrackerKind.JIRA), github, jira,
                errorKind == TrackerKind.GITHUB ? errors : Map.of(), errorKind == TrackerKind.JIRA ? errors : Map.of(), issues.recent(50),
                publicUrl.of("/api/v1/trackers/github/webhook"), publicUrl.of("/api/v1/trackers/jira/webhook"));
    }

    private static Response back() {
        return Response.seeOther(URI.create("/admin/trackers")).build();
    }
}
