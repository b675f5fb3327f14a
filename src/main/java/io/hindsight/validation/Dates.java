package io.hindsight.validation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Optional calendar dates in filters (from/to of lists, search, insights, exports), read one way everywhere. */
public final class Dates {

    private Dates() {
    }

    /**
     * The date in {@code value} (year-month-day, surrounding blanks ignored), or {@code null} when it is blank. A value
     * that is not a real date adds a message for {@code field} to {@code errors} and gives {@code null}.
     */
    public static LocalDate optional(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, field + " is a date like 2026-03-14 (year-month-day)."));
            return null;
        }
    }
}
