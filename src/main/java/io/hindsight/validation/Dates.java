package io.hindsight.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Optional calendar dates in filters (from/to of lists, search, insights, exports), read one way everywhere, and the
 * years of the times and dates Hindsight keeps.
 */
public final class Dates {

    /** The first year of a time or date Hindsight keeps (see {@link StorableTime}). */
    public static final int FIRST_YEAR = 1970;
    /** The last year of a time or date Hindsight keeps. */
    public static final int LAST_YEAR = 9999;

    private static final Instant EARLIEST = LocalDate.of(FIRST_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LATEST = LocalDate.of(LAST_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private Dates() {
    }

    /** Whether Hindsight keeps {@code value}: null, or within the years {@value #FIRST_YEAR} to {@value #LAST_YEAR} (UTC). */
    public static boolean storable(Instant value) {
        return value == null || (!value.isBefore(EARLIEST) && value.isBefore(AFTER_LATEST));
    }

    /** Whether Hindsight keeps {@code value}: null, or within the years {@value #FIRST_YEAR} to {@value #LAST_YEAR}. */
    public static boolean storable(LocalDate value) {
        return value == null || (value.getYear() >= FIRST_YEAR && value.getYear() <= LAST_YEAR);
    }

    /**
     * The date in {@code value} (year-month-day, surrounding blanks ignored), or {@code null} when it is blank. A value
     * that is not a real date, or falls outside the years {@link StorableTime} keeps, adds a message for {@code field} to
     * {@code errors} and gives {@code null}.
     */
    public static LocalDate optional(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, field + " is a date like 2026-03-14 (year-month-day)."));
            return null;
        }
        if (!storable(date)) {
            errors.add(new FieldError(field, field + " is a date between " + FIRST_YEAR + " and " + LAST_YEAR + "."));
            return null;
        }
        return date;
    }
}
