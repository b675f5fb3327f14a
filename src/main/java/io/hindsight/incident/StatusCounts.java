package io.hindsight.incident;

import java.util.List;
import java.util.Map;

/**
 * How many incidents each status holds under the list's other filters, for its status tabs. A status missing from
 * {@code byStatus} has no count to show: the filters match more than {@link IncidentPage.Total#CAP} incidents and
 * the kept counts cannot split them by status, so the tab shows its name alone and "All" an "at least" figure.
 */
public record StatusCounts(Map<IncidentStatus, Long> byStatus, IncidentPage.Total all) {

    /** The count of {@code status}, or 0 when it is not known. */
    public long get(IncidentStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }

    public boolean knows(IncidentStatus status) {
        return byStatus.containsKey(status);
    }

    /** "12,345", or "" when not known. */
    public String label(IncidentStatus status) {
        Long count = byStatus.get(status);
        return count == null ? "" : IncidentPage.Total.exact(count).label();
    }

    public long total() {
        return all.count();
    }

    public List<IncidentStatus> statuses() {
        return List.of(IncidentStatus.values());
    }
}
