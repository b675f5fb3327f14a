package io.hindsight.incident;

import io.hindsight.validation.Enums;

import java.util.Locale;

/**
 * Filters, sort order and page of the incident list, shared by the page and the API. A page is reached from the one
 * before or after it by a {@link Cursor} (keyset: work per page is the page, however deep); numbered pages remain
 * for addresses that name one, as far as {@link #MAX_OFFSET} rows.
 */
public record IncidentQuery(IncidentStatus status, Severity severity, String tag, String service, String text,
                            Sort sort, int page, int size, Cursor cursor) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** How many rows a numbered page may skip; deeper pages are reached with cursors. */
    public static final int MAX_OFFSET = 10_000;

    /** The orders a list can be shown in; each names its own HQL so nothing from the request reaches a query. */
    public enum Sort {
        NEWEST("startedAt DESC, id DESC", "startedAt ASC, id ASC", "Newest first"),
        OLDEST("startedAt ASC, id ASC", "startedAt DESC, id DESC", "Oldest first"),
        SEVERITY("severity ASC, startedAt DESC, id DESC", "severity DESC, startedAt ASC, id ASC", "Most severe first"),
        UPDATED("updatedAt DESC, id DESC", "updatedAt ASC, id ASC", "Recently updated"),
        TITLE("lower(title) ASC, id ASC", "lower(title) DESC, id DESC", "Title A–Z");

        final String hql;
        /** The same order backwards, for reading the rows before a cursor. */
        final String reverseHql;
        private final String label;

        Sort(String hql, String reverseHql, String label) {
            this.hql = hql;
            this.reverseHql = reverseHql;
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Sort parse(String value) {
            if (value == null || value.isBlank()) {
                return NEWEST;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return NEWEST;
            }
        }
    }

    public IncidentQuery {
        tag = blankToNull(tag);
        service = blankToNull(service);
        text = blankToNull(text);
        sort = sort == null ? Sort.NEWEST : sort;
        page = Math.max(1, page);
        size = size <= 0 ? DEFAULT_SIZE : Math.min(size, MAX_SIZE);
        if (cursor != null && cursor.sort() != sort) {
            cursor = null;
        }
        if (cursor != null) {
            page = 1;
        }
    }

    public IncidentQuery(IncidentStatus status, Severity severity, String tag, String service, String text, Sort sort,
                         int page, int size) {
        this(status, severity, tag, service, text, sort, page, size, null);
    }

    /** A query from request parameters; values that mean nothing are ignored rather than refused. */
    public static IncidentQuery lenient(String status, String severity, String tag, String service, String text,
                                        String sort, Integer page, Integer size) {
        return lenient(status, severity, tag, service, text, sort, page, size, null, null);
    }

    /** The same with a cursor: {@code after} (older rows in this order) or {@code before}; one that means nothing is ignored. */
    public static IncidentQuery lenient(String status, String severity, String tag, String service, String text,
                                        String sort, Integer page, Integer size, String after, String before) {
        Cursor cursor = Cursor.parse(after, true);
        if (cursor == null) {
            cursor = Cursor.parse(before, false);
        }
        return new IncidentQuery(Enums.lenient(IncidentStatus.class, status), Enums.lenient(Severity.class, severity), tag, service, text,
                Sort.parse(sort), page == null ? 1 : page, size == null ? 0 : size, cursor);
    }

    /** Rows skipped before a numbered page. */
    public long offset() {
        return (long) (page - 1) * size;
    }

    /** The address of this list on the incidents page. */
    public String href() {
        StringBuilder s = new StringBuilder("/incidents?");
        if (status != null) s.append("status=").append(status.key()).append('&');
        if (severity != null) s.append("severity=").append(severity.key()).append('&');
        if (tag != null) s.append("tag=").append(encode(tag)).append('&');
        if (service != null) s.append("service=").append(encode(service)).append('&');
        if (text != null) s.append("q=").append(encode(text)).append('&');
        if (sort != Sort.NEWEST) s.append("sort=").append(sort.key()).append('&');
        if (page > 1) s.append("page=").append(page).append('&');
        if (size != DEFAULT_SIZE) s.append("size=").append(size).append('&');
        if (cursor != null) s.append(cursor.forward() ? "after=" : "before=").append(cursor.encode()).append('&');
        return s.substring(0, s.length() - 1);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    public IncidentQuery withSort(Sort newSort) {
        return new IncidentQuery(status, severity, tag, service, text, newSort, 1, size);
    }

    public IncidentQuery withoutStatus() {
        return withStatus(null);
    }

    public IncidentQuery withStatus(IncidentStatus newStatus) {
        return new IncidentQuery(newStatus, severity, tag, service, text, sort, 1, size);
    }

    public IncidentQuery withPage(int newPage) {
        return new IncidentQuery(status, severity, tag, service, text, sort, newPage, size);
    }

    /** The same list from a cursor. */
    public IncidentQuery from(Cursor newCursor) {
        return new IncidentQuery(status, severity, tag, service, text, sort, 1, size, newCursor);
    }

    /** The same list from its first page. */
    public IncidentQuery first() {
        return from(null);
    }

    public boolean isFiltered() {
        return status != null || severity != null || tag != null || service != null || text != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
