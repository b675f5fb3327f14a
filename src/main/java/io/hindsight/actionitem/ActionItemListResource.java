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
                                            LocalDate today);
    }

    @Inject
    ActionItemService actions;

    @Inject
    CurrentUser me;

    @GET
    public TemplateInstance list(@RestQuery String owner, @RestQuery String status, @RestQuery String overdue,
                                 @RestQuery Long incident, @RestQuery Integer page) {
        boolean mine = "me".equals(owner);
        Long ownerId = mine ? me.id() : parseLong(owner);
        // "pending" and "all" are not statuses; an unknown status filters nothing.
        ActionItem.Status parsedStatus = Enums.lenient(ActionItem.Status.class, status);
        boolean pendingOnly = parsedStatus == null && !"all".equals(status);
        ActionItemQuery query = new ActionItemQuery(ownerId, parsedStatus, pendingOnly, "true".equals(overdue), incident,
                page == null ? 1 : page, 0);
        return Templates.list(actions.search(query), actions.possibleOwners(), query, mine, actions.today());
    }

    private static Long parseLong(String value) {
        try {
            return value == null || value.isBlank() ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
