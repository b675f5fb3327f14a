package io.hindsight.validation;

import java.util.List;
import java.util.Locale;

/** Reading a choice from a form or query string: the constant's name, any case, dashes for underscores. */
public final class Enums {

    private Enums() {
    }

    /** The constant {@code value} names, or null when it is blank or names none. */
    public static <E extends Enum<E>> E lenient(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Like {@link #lenient}, but a value that names nothing adds {@code message} for {@code field}. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String field, String message, List<FieldError> errors) {
        E parsed = lenient(type, value);
        if (parsed == null && value != null && !value.isBlank()) {
            errors.add(new FieldError(field, message));
        }
        return parsed;
    }
}
