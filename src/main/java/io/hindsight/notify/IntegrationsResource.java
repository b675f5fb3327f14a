package io.hindsight.notify;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
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

/** Admin → Integrations: Slack (or Slack-compatible) and Microsoft Teams webhooks, their events, and a test message. */
@Path("/admin/integrations")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.MANAGE)
public class IntegrationsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance integrations(List<SlackDestination> destinations, Map<Long, OutboxMessage> latest,
                                                    SlackDestinations.Form form, Map<String, String> errors, List<EventKey> events,
                                                    Map<String, String> rowErrors, Map<Long, List<String>> typedEvents,
                                                    List<DestinationType> types);
    }

    @Inject
    SlackDestinations destinations;

    @Inject
    Outbox outbox;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list() {
        return page(SlackDestinations.Form.blank(), Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@RestForm String name, @RestForm String webhookUrl, @RestForm List<String> events, @RestForm String type) {
        SlackDestinations.Form form = new SlackDestinations.Form(name, webhookUrl, events, type);
        try {
            SlackDestination added = destinations.add(me.requireId(), form);
            flash.success("Added " + added.name + ". Send a test message to check that it arrives.");
            return back();
        } catch (InvalidInputException e) {
            return Response.status(400).entity(page(form, e.byField())).build();
        }
    }

    @POST
    @Path("/{id}/events")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeEvents(@RestPath long id, @RestForm List<String> events) {
        try {
            SlackDestination destination = destinations.setEvents(me.requireId(), id, events);
            flash.success(destination.name + " now gets " + destination.events.size() + " kind"
                    + (destination.events.size() == 1 ? "" : "s") + " of events.");
            return back();
        } catch (InvalidInputException e) {
            List<String> typed = events == null ? List.of() : events;
            return Response.status(400).entity(Templates.integrations(destinations.all(), outbox.latestByDestination(),
                    SlackDestinations.Form.blank(), Map.of(), EventKey.all(), e.byFieldOfRow(id), Map.of(id, typed), types())).build();
        }
    }

    @POST
    @Path("/{id}/disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@RestPath long id) {
        SlackDestination destination = destinations.setDisabled(me.requireId(), id, true);
        flash.success(destination.name + " is disabled. Messages already queued for it wait until it is enabled again.");
        return back();
    }

    @POST
    @Path("/{id}/enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@RestPath long id) {
        SlackDestination destination = destinations.setDisabled(me.requireId(), id, false);
        flash.success(destination.name + " is enabled.");
        return back();
    }

    /** Queues a test message and returns at once; the result shows under "Last delivery" when it is in. */
    @POST
    @Path("/{id}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@RestPath long id) {
        SlackDestination destination = destinations.get(id);
        if (!destination.enabled()) {
            flash.warning("Enable " + destination.name + " first; disabled destinations send nothing.");
            return back();
        }
        OutboxMessage queued = outbox.enqueueTest(me.requireId(), id);
        flash.info("Test message #" + queued.id + " queued for " + destination.name
                + ". It usually arrives within seconds: refresh this page to see the result under Last delivery.");
        return back();
    }

    private TemplateInstance page(SlackDestinations.Form form, Map<String, String> errors) {
        return Templates.integrations(destinations.all(), outbox.latestByDestination(), form, errors, EventKey.all(), Map.of(),
                Map.of(), types());
    }

    private static List<DestinationType> types() {
        return List.of(DestinationType.values());
    }

    private static Response back() {
        return Response.seeOther(URI.create("/admin/integrations")).build();
    }
}
