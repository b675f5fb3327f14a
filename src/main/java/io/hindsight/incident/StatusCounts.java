package io.hindsight.incident;

import java.util.List;
import java.util.Map;

/** How many incidents each status holds, for the status tabs of the list. */
public record StatusCounts(Map<IncidentStatus, Long> byStatus) {

    public long get(IncidentStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }

    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public List<IncidentStatus> statuses() {
        return List.of(IncidentStatus.values());
    }
}
