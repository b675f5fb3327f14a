package io.hindsight.actionitem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that picks one page of the action item list: the ids of the rows in the list's order, one more than the
 * page holds (to know whether another page follows).
 *
 * <p>The list is ordered pending before closed, then by due date with undated items last, then by id; a page
 * continues after the last row of the previous one (keyset), so every page reads about the rows it shows. The sort
 * keys are written exactly as the indexes of migration V20 have them ({@code COALESCE(due_on, 'infinity'::date)},
 * {@code status NOT IN ('OPEN', 'IN_PROGRESS')}) and the statuses as literals, so PostgreSQL walks an index in
 * order for every filter and stops after the page.
 */
public final class ActionItemListSql {

    /** The due date as it sorts: undated after every date. */
    static final String DUE_KEY = "COALESCE(a.due_on, 'infinity'::date)";
    /** Closed (done or won't do): sorts after pending. */
    static final String CLOSED_KEY = "(a.status NOT IN ('OPEN', 'IN_PROGRESS'))";
    static final String PENDING = "a.status IN ('OPEN', 'IN_PROGRESS')";

    /** A statement with JDBC-style {@code ?} parameters, in order. */
    public record Statement(String sql, List<Object> params) {
    }

    private ActionItemListSql() {
    }

    /** The ids of one page plus one row, in the list's order. */
    public static Statement page(ActionItemQuery q, LocalDate today) {
        StringBuilder sql = new StringBuilder("SELECT a.id FROM action_item a WHERE ");
        List<Object> params = new ArrayList<>();
        // Items of an incident in the Trash are gone with it: checked per row read, through the incident's primary key
        // (a scalar subquery, so the planner cannot turn it into a join over every incident).
        sql.append("(SELECT i.deleted_at IS NULL FROM incident i WHERE i.id = a.incident_id)");
        if (q.ownerId() != null) {
            sql.append(" AND a.owner_id = ?");
            params.add(q.ownerId());
        }
        if (q.status() != null) {
            sql.append(" AND a.status = ?");
            params.add(q.status().name());
        }
        if (q.pendingOnly() || q.overdueOnly()) {
            sql.append(" AND ").append(PENDING);
        }
        if (q.overdueOnly()) {
            sql.append(" AND ").append(DUE_KEY).append(" < ?");
            params.add(today);
        }
        if (q.incidentId() != null) {
            sql.append(" AND a.incident_id = ?");
            params.add(q.incidentId());
        }
        // With a status filter every row is pending or every row is closed: the closed key would only hide the index.
        boolean byClosed = q.everyStatus();
        ActionItemQuery.Cursor after = q.after();
        if (after != null) {
            if (byClosed) {
                sql.append(" AND (").append(CLOSED_KEY).append(", ").append(DUE_KEY).append(", a.id) > (?, CAST(? AS date), ?)");
                params.add(after.closed());
            } else {
                sql.append(" AND (").append(DUE_KEY).append(", a.id) > (CAST(? AS date), ?)");
            }
            params.add(after.dueOn() == null ? "infinity" : after.dueOn().toString());
            params.add(after.id());
        }
        sql.append(" ORDER BY ");
        if (byClosed) {
            sql.append(CLOSED_KEY).append(", ");
        }
        sql.append(DUE_KEY).append(", a.id LIMIT ").append(q.size() + 1);
        return new Statement(sql.toString(), params);
    }
}
