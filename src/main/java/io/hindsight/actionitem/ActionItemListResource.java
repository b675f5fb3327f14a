package io.hindsight.actionitem;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.validation.Enums;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.LocalDate;
import java.util.List;

/** Everyone's action items, or mine: filtered by owner, status, overdue and incident; overdue first. */
@Path("/action-items")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class ActionItemListResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ActionItem> items, List<User> owners, ActionItemQuery query, boolean mine,
                                            LocalDate today, String nextPage, String firstPage);
    }

    @Inject
    ActionItemService actions;

    @Inject
    CurrentUser me;

    @GET
    public TemplateInstance list(@RestQuery String owner, @RestQuery String status, @RestQuery String overdue,
                                 @RestQuery Long incident, @RestQuery String after) {
        boolean mine = "me".equals(owner);
        Long ownerId = mine ? me.id() : parseLong(owner);
        // "pending" and "all" are not statuses; an unknown status filters nothing.
        ActionItem.Status parsedStatus = Enums.lenient(ActionItem.Status.class, status);
        boolean pendingOnly = parsedStatus == null && !"all".equals(status);
        boolean overdueOnly = "true".equals(overdue);
        // A cursor that is not one starts at the first page.
        ActionItemQuery.Cursor cursor = ActionItemQuery.Cursor.parse(after);
        ActionItemQuery query = new ActionItemQuery(ownerId, parsedStatus, pendingOnly, overdueOnly, incident, cursor, 0);
        ActionItemService.Page page = actions.search(query);
        // Links to other pages keep the filters as given.
        UriBuilder here = UriBuilder.fromPath("/action-items");
        if (mine || ownerId != null) {
            here.queryParam("owner", mine ? "me" : ownerId);
        }
        if (status != null && !status.isBlank()) {
            here.queryParam("status", status);
        }
        if (overdueOnly) {
            here.queryParam("overdue", "true");
        }
        if (incident != null) {
            here.queryParam("incident", incident);
        }
        String first = cursor == null ? null : here.clone().build().toString();
        String next = page.next() == null ? null : here.clone().queryParam("after", page.next().token()).build().toString();
        return Templates.list(page.items(), actions.possibleOwners(), query, mine, actions.today(), next, first);
    }

    private static Long parseLong(String value) {
        try {
            return value == null || value.isBlank() ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
