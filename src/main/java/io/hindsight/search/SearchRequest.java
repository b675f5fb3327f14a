package io.hindsight.search;

import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.validation.Enums;
import io.hindsight.validation.Dates;
import io.hindsight.validation.FieldError;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A search as asked: the words and the filters, read from a query string. Whatever cannot be read is listed in
 * {@link #errors()} with what to do instead; the page shows those messages, the API answers 400 with them.
 */
public record SearchRequest(String text, Severity severity, IncidentStatus status, String service, String tag,
                            LocalDate from, LocalDate to, boolean publishedOnly, int page, int size,
                            List<FieldError> errors) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 50;
    /** At most this many matches are ranked and paged; a count beyond it is shown as "1,000+". */
    public static final int MAX_RESULTS = 1000;

    public SearchRequest {
        errors = List.copyOf(errors);
    }

    public static SearchRequest parse(String q, String severity, String status, String service, String tag, String from,
                                      String to, String published, Integer page, Integer size) {
        List<FieldError> errors = new ArrayList<>();
        String text = q == null ? "" : q.strip();
        if (text.length() > SearchText.MAX_LENGTH) {
            errors.add(new FieldError("q", "Search for at most " + SearchText.MAX_LENGTH + " characters ("
                    + text.length() + " were sent): the few words you remember work best."));
        }
        Severity sev = Enums.parse(Severity.class, severity, "severity", "Severity is sev1, sev2, sev3 or sev4.", errors);
        IncidentStatus st = Enums.parse(IncidentStatus.class, status, "status",
                "Status is investigating, mitigated, resolved, in_review or published.", errors);
        LocalDate fromDate = Dates.optional(from, "from", errors);
        LocalDate toDate = Dates.optional(to, "to", errors);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            errors.add(new FieldError("to", "The end of the date range is before its start."));
        }
        boolean publishedOnly = false;
        if (published != null && !published.isBlank()) {
            switch (published.strip().toLowerCase(Locale.ROOT)) {
                case "true", "on", "1", "yes" -> publishedOnly = true;
                case "false", "off", "0", "no" -> publishedOnly = false;
                default -> errors.add(new FieldError("published", "published is true or false."));
            }
        }
        if (size != null && (size < 1 || size > MAX_SIZE)) {
            errors.add(new FieldError("size", "size is between 1 and " + MAX_SIZE + "."));
        }
        int s = size == null || size < 1 || size > MAX_SIZE ? DEFAULT_SIZE : size;
        int lastPage = (MAX_RESULTS + s - 1) / s;
        if (page != null && (page < 1 || page > lastPage)) {
            errors.add(new FieldError("page", "page is between 1 and " + lastPage + ": only the best " + MAX_RESULTS
                    + " results are paged; add a word or a filter to see others."));
        }
        int p = page == null || page < 1 ? 1 : Math.min(page, lastPage);
        return new SearchRequest(text, sev, st, key(service), key(tag), fromDate, toDate, publishedOnly, p, s, errors);
    }

    private static String key(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    public boolean hasText() {
        return !text.isEmpty();
    }

    public boolean isFiltered() {
        return severity != null || status != null || service != null || tag != null || from != null || to != null
                || publishedOnly;
    }

    public SearchRequest withText(String newText) {
        return new SearchRequest(newText, severity, status, service, tag, from, to, publishedOnly, 1, size, errors);
    }

    public SearchRequest withPage(int newPage) {
        return new SearchRequest(text, severity, status, service, tag, from, to, publishedOnly, newPage, size, errors);
    }

    /** The address of this search on the search page. */
    public String href() {
        StringBuilder s = new StringBuilder("/search?q=").append(encode(text));
        if (severity != null) s.append("&severity=").append(severity.key());
        if (status != null) s.append("&status=").append(status.key());
        if (service != null) s.append("&service=").append(encode(service));
        if (tag != null) s.append("&tag=").append(encode(tag));
        if (from != null) s.append("&from=").append(from);
        if (to != null) s.append("&to=").append(to);
        if (publishedOnly) s.append("&published=true");
        if (page > 1) s.append("&page=").append(page);
        if (size != DEFAULT_SIZE) s.append("&size=").append(size);
        return s.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
