package io.hindsight.incident;

import java.util.List;

/** One page of a filtered incident list, with what a pager needs. */
public record IncidentPage(List<Incident> items, IncidentQuery query, long total) {

    public int page() {
        return query.page();
    }

    public int totalPages() {
        return (int) Math.max(1, (total + query.size() - 1) / query.size());
    }

    public boolean hasPrevious() {
        return page() > 1;
    }

    public boolean hasNext() {
        return page() < totalPages();
    }

    public long firstItem() {
        return items.isEmpty() ? 0 : (long) (page() - 1) * query.size() + 1;
    }

    public long lastItem() {
        return items.isEmpty() ? 0 : firstItem() + items.size() - 1;
    }
}
