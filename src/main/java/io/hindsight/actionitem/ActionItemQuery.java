package io.hindsight.actionitem;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Filters of the action item list: owner, status, overdue only, incident; a page of them, starting after a row.
 *
 * @param after the last row of the previous page, or null for the first page
 */
public record ActionItemQuery(Long ownerId, ActionItem.Status status, boolean pendingOnly, boolean overdueOnly,
                              Long incidentId, Cursor after, int size) {

    public ActionItemQuery {
        size = size <= 0 ? 50 : Math.min(size, 200);
    }

    /** Every status, pending and closed: the list is ordered pending first. */
    public boolean everyStatus() {
        return status == null && !pendingOnly && !overdueOnly;
    }

    /**
     * Where a page ends in the list's order: pending before closed, then by due date (none last), then by id. In a
     * link it reads {@code open.2026-03-01.42} or {@code closed.none.42}.
     */
    public record Cursor(boolean closed, LocalDate dueOn, long id) {

        public static Cursor after(ActionItem item) {
            return new Cursor(!item.status.pending(), item.dueOn, item.id);
        }

        /** The cursor a link carries, or null (the first page) for anything else. */
        public static Cursor parse(String value) {
            if (value == null) {
                return null;
            }
            String[] parts = value.split("\\.", -1);
            if (parts.length != 3 || !(parts[0].equals("open") || parts[0].equals("closed"))) {
                return null;
            }
            try {
                LocalDate due = parts[1].equals("none") ? null : LocalDate.parse(parts[1]);
                long id = Long.parseLong(parts[2]);
                boolean sane = id >= 0 && (due == null || (due.getYear() >= 1 && due.getYear() <= 9999));
                return sane ? new Cursor(parts[0].equals("closed"), due, id) : null;
            } catch (DateTimeParseException | NumberFormatException e) {
                return null;
            }
        }

        public String token() {
            return (closed ? "closed" : "open") + "." + (dueOn == null ? "none" : dueOn.toString()) + "." + id;
        }
    }
}
