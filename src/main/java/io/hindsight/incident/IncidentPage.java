package io.hindsight.incident;

import java.util.List;

/**
 * One page of a filtered incident list, with what a pager needs: the cursors of the pages next to it (null at either
 * end) and where it starts, for "41–60 of 12,345".
 */
public record IncidentPage(List<Incident> items, IncidentQuery query, Total total, Cursor newer, Cursor older,
                           long firstItem) {

    /**
     * How many incidents the list holds: exact, or at least {@code count} when counting further would mean reading
     * more than {@link #CAP} matches (text, tag and service filters).
     */
    public record Total(long count, boolean exact) {

        /** The most matches counted one by one for a filter the kept counts do not answer. */
        public static final int CAP = 100;

        public static Total exact(long count) {
            return new Total(count, true);
        }

        public static Total atLeast(long count) {
            return new Total(count, false);
        }

        /** "12,345", or "100+". */
        public String label() {
            return String.format(java.util.Locale.ROOT, "%,d", count) + (exact ? "" : "+");
        }
    }

    public int page() {
        return query.page();
    }

    public boolean hasPrevious() {
        return newer != null;
    }

    public boolean hasNext() {
        return older != null;
    }

    /** Whether there is more than this page, either way. */
    public boolean isPaged() {
        return hasPrevious() || hasNext();
    }

    public long lastItem() {
        return items.isEmpty() ? 0 : firstItem + items.size() - 1;
    }

    public String firstLabel() {
        return String.format(java.util.Locale.ROOT, "%,d", firstItem);
    }

    public String lastLabel() {
        return String.format(java.util.Locale.ROOT, "%,d", lastItem());
    }

    /** What "of …" says: the total, unless a capped total is already passed by this page. */
    public String totalLabel() {
        return total.exact() || lastItem() < total.count() ? total.label() : null;
    }

    /** Pages of the total, for the API: exact when the total is, otherwise as far as the counted matches go. */
    public int totalPages() {
        return (int) Math.max(1, (total.count() + query.size() - 1) / query.size());
    }

    public IncidentQuery newerQuery() {
        return query.from(newer);
    }

    public IncidentQuery olderQuery() {
        return query.from(older);
    }
}
