package io.hindsight.incident;

import io.hindsight.validation.Enums;

import java.util.Locale;

/** Filters, sort order and page of the incident list, shared by the page and the API. */
public record IncidentQuery(IncidentStatus status, Severity severity, String tag, String service, String text,
                            Sort sort, int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** The orders a list can be shown in; each names its own HQL so nothing from the request reaches a query. */
    public enum Sort {
        NEWEST("startedAt DESC, id DESC", "Newest first"),
        OLDEST("startedAt ASC, id ASC", "Oldest first"),
        SEVERITY("severity ASC, startedAt DESC, id DESC", "Most severe first"),
        UPDATED("updatedAt DESC, id DESC", "Recently updated"),
        TITLE("lower(title) ASC, id ASC", "Title A–Z");

        final String hql;
        private final String label;

        Sort(String hql, String label) {
            this.hql = hql;
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
    }

    /** A query from request parameters; values that mean nothing are ignored rather than refused. */
    public static IncidentQuery lenient(String status, String severity, String tag, String service, String text,
                                        String sort, Integer page, Integer size) {
        return new IncidentQuery(Enums.lenient(IncidentStatus.class, status), Enums.lenient(Severity.class, severity), tag, service, text,
                Sort.parse(sort), page == null ? 1 : page, size == null ? 0 : size);
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

    public boolean isFiltered() {
        return status != null || severity != null || tag != null || service != null || text != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
