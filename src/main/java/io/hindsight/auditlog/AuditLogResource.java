package io.hindsight.auditlog;

import io.hindsight.account.Role;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditLog;
import io.hindsight.audit.AuditQuery;
import io.hindsight.validation.InvalidInputException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Map;

/**
 * Admin → Audit log: every recorded event, newest first, filtered by action, actor, subject and
 * dates, fifty to a page. A plain GET form, so it works without JavaScript and every view has a link.
 */
@Path("/admin/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.MANAGE)
public class AuditLogResource {

    /** The filters as typed, shown back in the form. */
    public record Typed(String action, String actor, String subject, String from, String to) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(AuditLog.Page page, AuditQuery query, Typed typed, Map<String, String> errors,
                                             List<AuditAction> actions, boolean deeper);
    }

    @Inject
    AuditLog log;

    @GET
    public Response list(@RestQuery String action, @RestQuery String actor, @RestQuery String subject,
                         @RestQuery String from, @RestQuery String to, @RestQuery String cursor) {
        Typed typed = new Typed(value(action), value(actor), value(subject), value(from), value(to));
        AuditQuery query;
        try {
            query = AuditQuery.parse(action, actor, subject, from, to, cursor);
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.audit(AuditLog.Page.NONE,
                    AuditQuery.NEWEST, typed, e.byField(), List.of(AuditAction.values()), false)).build();
        }
        return Response.ok(Templates.audit(log.find(query), query, typed, Map.of(), List.of(AuditAction.values()),
                query.before() != null)).build();
    }

    private static String value(String typed) {
        return typed == null ? "" : typed;
    }
}
