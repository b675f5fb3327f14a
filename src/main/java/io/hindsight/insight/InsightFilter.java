package io.hindsight.insight;

import io.hindsight.incident.Severity;
import io.hindsight.validation.Dates;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which incidents the insights count: started within {@code from}–{@code to} (whole days in UTC, both included),
 * affecting a service, of a severity. Without dates the range is the last twelve months, this one included. Months
 * are calendar months in UTC, so a chart reads the same for every viewer.
 */
public record InsightFilter(LocalDate from, LocalDate to, String service, Severity severity) {

    /** Longest range a page shows, so a chart keeps bars a person can read. */
    static final int MAX_MONTHS = 120;
    static final int MAX_SERVICE_LENGTH = 100;

    /** The default range: the last twelve months, this one included. */
    public static InsightFilter lastTwelveMonths(LocalDate today) {
        return new InsightFilter(YearMonth.from(today).minusMonths(11).atDay(1), today, null, null);
    }

    /** Reads the query parameters strictly: a typo is an error next to its field, never a silently different chart. */
    public static InsightFilter parse(String from, String to, String service, String severity, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate fromDate = date(from, "from", errors);
        LocalDate toDate = date(to, "to", errors);
        if (to == null || to.isBlank()) {
            toDate = today;
        }
        if ((from == null || from.isBlank()) && toDate != null) {
            fromDate = YearMonth.from(toDate).minusMonths(11).atDay(1);
        }
        if (fromDate != null && toDate != null) {
            if (toDate.isBefore(fromDate)) {
                errors.add(new FieldError("to", "The end of the range comes before its start."));
            } else if (months(fromDate, toDate) > MAX_MONTHS) {
                errors.add(new FieldError("from", "Choose a range of at most ten years (" + MAX_MONTHS + " months)."));
            }
        }
        String normalizedService = null;
        if (service != null && !service.isBlank()) {
            normalizedService = service.strip().toLowerCase(Locale.ROOT);
            if (normalizedService.length() > MAX_SERVICE_LENGTH) {
                errors.add(new FieldError("service", "A service name has at most " + MAX_SERVICE_LENGTH + " characters."));
            } else if (normalizedService.chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError("service", "A service name is a single line of text."));
            }
        }
        Severity parsedSeverity = null;
        if (severity != null && !severity.isBlank()) {
            try {
                parsedSeverity = Severity.valueOf(severity.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("severity", "Severity is SEV1, SEV2, SEV3 or SEV4, or any."));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new InsightFilter(fromDate, toDate, normalizedService, parsedSeverity);
    }

    private static LocalDate date(String value, String field, List<FieldError> errors) {
        LocalDate date = Dates.optional(value, field, errors);
        if (date != null && (date.getYear() < 1970 || date.getYear() > 2999)) {
            errors.add(new FieldError(field, "Choose a date between 1970 and 2999."));
            return null;
        }
        return date;
    }

    private static long months(LocalDate from, LocalDate to) {
        return java.time.temporal.ChronoUnit.MONTHS.between(YearMonth.from(from), YearMonth.from(to)) + 1;
    }

    /** The first instant counted. */
    public Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant no longer counted: the day after {@code to}. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Every month of the range, oldest first: the x-axis of the monthly charts, empty months included. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** The query string of this filter, for the CSV links and the API ({@code from=…&to=…}). */
    public String queryString() {
        StringBuilder s = new StringBuilder("from=").append(from).append("&to=").append(to);
        if (service != null) {
            s.append("&service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        if (severity != null) {
            s.append("&severity=").append(severity.name());
        }
        return s.toString();
    }

    /** The filter in words, under the page heading and in the chart descriptions. */
    public String describe() {
        StringBuilder s = new StringBuilder("Incidents started ").append(from).append(" to ").append(to).append(" (UTC)");
        if (severity != null) {
            s.append(", ").append(severity.name());
        }
        if (service != null) {
            s.append(", affecting ").append(service);
        }
        return s.toString();
    }
}
