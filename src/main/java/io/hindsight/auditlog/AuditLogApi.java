package io.hindsight.auditlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hindsight.account.Role;
import io.hindsight.audit.AuditLog;
import io.hindsight.audit.AuditQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.List;

/** The audit log for programs: the admin page's filters and keyset paging as JSON. */
@Path("/api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration")
@RolesAllowed(Role.MANAGE)
public class AuditLogApi {

    /** One event. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // what is not known is left out, as the document says
    public record Event(long id, Instant occurredAt, Long actorId, String actorEmail, String action, String subject,
                        String detail, String ip) {
        static Event of(AuditLog.Entry entry) {
            return new Event(entry.id(), entry.occurredAt(), entry.actorId(), entry.actorEmail(), entry.action(),
                    entry.subject(), entry.detail(), entry.ip());
        }
    }

    /** A page of events, newest first; pass {@code next_cursor} as {@code cursor} for the next (older) page. */
    @JsonInclude(JsonInclude.Include.NON_NULL) // what is not known is left out, as the document says
    public record EventPage(List<Event> events, String nextCursor) {
    }

    @Inject
    AuditLog log;

    @GET
    @Operation(summary = "Read the audit log",
            description = "Newest first, " + AuditQuery.PAGE_SIZE + " events a page. Admins only; a personal access "
                    + "token of an admin works. Invalid filters answer 400 with a problem document.")
    public EventPage list(
            @Parameter(description = "An action (login.failed), or a prefix ending in . or * (login.*)") @RestQuery String action,
            @Parameter(description = "An account number (7 or account:7) or an email address") @RestQuery String actor,
            @Parameter(description = "A subject (incident:42), or a kind ending in * (incident:*)") @RestQuery String subject,
            @Parameter(description = "First day included, like 2026-03-14 (UTC)") @RestQuery String from,
            @Parameter(description = "Last day included, like 2026-03-31 (UTC)") @RestQuery String to,
            @Parameter(description = "The next_cursor of the previous page") @RestQuery String cursor) {
        AuditLog.Page page = log.find(AuditQuery.parse(action, actor, subject, from, to, cursor));
        return new EventPage(page.entries().stream().map(Event::of).toList(),
                page.nextCursor().map(String::valueOf).orElse(null));
    }
}
