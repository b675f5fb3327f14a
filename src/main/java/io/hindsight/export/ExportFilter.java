package io.hindsight.export;

import io.hindsight.postmortem.PostmortemStatus;
import io.hindsight.validation.Dates;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which incidents a bulk export holds: only those with a published postmortem (unless asked for
 * all), started within {@code from}–{@code to} (whole days in UTC, both included), carrying a tag.
 */
public record ExportFilter(boolean publishedOnly, LocalDate from, LocalDate to, String tag) {

    /** Everything with a published postmortem. */
    public static final ExportFilter PUBLISHED = new ExportFilter(true, null, null, null);

    /** Reads the query parameters strictly: a typo in a date is an error, not a silently wider export. */
    public static ExportFilter parse(String published, String from, String to, String tag) {
        List<FieldError> errors = new ArrayList<>();
        boolean publishedOnly = true;
        if (published != null && !published.isBlank()) {
            switch (published.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> publishedOnly = true;
                case "false" -> publishedOnly = false;
                default -> errors.add(new FieldError("published", "published is true or false."));
            }
        }
        LocalDate fromDate = Dates.optional(from, "from", errors);
        LocalDate toDate = Dates.optional(to, "to", errors);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            errors.add(new FieldError("to", "The end of the range comes before its start."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String normalizedTag = tag == null || tag.isBlank() ? null : tag.strip().toLowerCase(Locale.ROOT);
        return new ExportFilter(publishedOnly, fromDate, toDate, normalizedTag);
    }

    /** An HQL condition on the incident {@code i}, built from fixed fragments and named parameters only. */
    String where() {
        StringBuilder where = new StringBuilder("1 = 1");
        if (publishedOnly) {
            where.append(" AND EXISTS (SELECT 1 FROM Postmortem p WHERE p.incident = i AND p.status = :published)");
        }
        if (from != null) {
            where.append(" AND i.startedAt >= :from");
        }
        if (to != null) {
            where.append(" AND i.startedAt < :until");
        }
        if (tag != null) {
            where.append(" AND array_contains(i.tags, :tag)");
        }
        return where.toString();
    }

    Map<String, Object> parameters() {
        Map<String, Object> params = new LinkedHashMap<>();
        if (publishedOnly) {
            params.put("published", PostmortemStatus.PUBLISHED);
        }
        if (from != null) {
            params.put("from", from.atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        if (to != null) {
            params.put("until", to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        if (tag != null) {
            params.put("tag", tag);
        }
        return params;
    }

    /** The filter in words, for the index of the export. */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(publishedOnly ? "incidents with a published postmortem" : "all incidents");
        if (from != null && to != null) {
            parts.add("started " + from + " to " + to + " (UTC)");
        } else if (from != null) {
            parts.add("started on or after " + from + " (UTC)");
        } else if (to != null) {
            parts.add("started on or before " + to + " (UTC)");
        }
        if (tag != null) {
            parts.add("tagged " + InlineText.escape(tag));
        }
        return String.join(", ", parts);
    }
}
