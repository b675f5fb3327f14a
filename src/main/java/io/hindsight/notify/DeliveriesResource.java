package io.hindsight.notify;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
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
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Admin → Deliveries: what the outbox holds, why messages failed, and replaying them. */
@Path("/admin/deliveries")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.MANAGE)
public class DeliveriesResource {

    /** The newest rows the page shows. */
    static final int PAGE_SIZE = 200;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance deliveries(List<OutboxMessage> messages, OutboxMessage.Status status,
                                                  Map<OutboxMessage.Status, Long> counts, List<OutboxMessage.Status> statuses,
                                                  int pageSize);
    }

    @Inject
    Outbox outbox;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance list(@RestQuery String status) {
        OutboxMessage.Status filter = parse(status);
        return Templates.deliveries(outbox.recent(filter, PAGE_SIZE), filter, outbox.countByStatus(),
                List.of(OutboxMessage.Status.values()), PAGE_SIZE);
    }

    @POST
    @Path("/{id}/replay")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replay(@RestPath long id, @RestForm String status) {
        if (outbox.replay(me.requireId(), id)) {
            flash.success("Delivery #" + id + " is queued again; its earlier attempts stay counted.");
        } else {
            flash.warning("Delivery #" + id + " has not failed, so there is nothing to replay.");
        }
        OutboxMessage.Status filter = parse(status);
        return Response.seeOther(URI.create("/admin/deliveries" + (filter == null ? "" : "?status=" + filter.key()))).build();
    }

    private static OutboxMessage.Status parse(String value) {
        return value == null ? null : Arrays.stream(OutboxMessage.Status.values())
                .filter(s -> s.key().equals(value.strip().toLowerCase(Locale.ROOT))).findFirst().orElse(null);
    }
}
