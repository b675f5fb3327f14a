package io.hindsight.actionitem;

/** Filters of the action item list: owner, status, overdue only, incident; a page of them. */
public record ActionItemQuery(Long ownerId, ActionItem.Status status, boolean pendingOnly, boolean overdueOnly,
                              Long incidentId, int page, int size) {

    public ActionItemQuery {
        page = Math.max(1, page);
        size = size <= 0 ? 50 : Math.min(size, 200);
    }
}
