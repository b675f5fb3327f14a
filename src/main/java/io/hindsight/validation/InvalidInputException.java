package io.hindsight.validation;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Input that breaks a rule. Services throw it before they write anything, so a rejected request
 * never leaves a half-written row; pages show the messages next to the fields, the API answers
 * 400 with a problem document listing them.
 */
public class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super("Invalid input: " + errors);
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The first message per field, in a stable order, for forms. */
    public Map<String, String> byField() {
        Map<String, String> map = new LinkedHashMap<>();
        errors.forEach(e -> map.putIfAbsent(e.field(), e.message()));
        return map;
    }

    /**
     * The first message per field, for a form repeated on every row of a list: each field is named
     * for its row ({@code role-42}), as that row's control is, so the message shows under it.
     */
    public Map<String, String> byFieldOfRow(long row) {
        Map<String, String> map = new LinkedHashMap<>();
        byField().forEach((field, message) -> map.put(field + "-" + row, message));
        return map;
    }

    /**
     * Validates {@code bean} with Bean Validation, adds {@code more} (rules across fields, parse
     * errors) and throws when anything is wrong.
     */
    public static <T> void check(Validator validator, T bean, List<FieldError> more) {
        List<FieldError> all = new ArrayList<>(more);
        all.addAll(fromViolations(validator.validate(bean)));
        if (!all.isEmpty()) {
            throw new InvalidInputException(all);
        }
    }

    public static List<FieldError> fromViolations(Set<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    /** The bean property a violation is about: {@code tags[2].<list element>} becomes {@code tags}. */
    private static String fieldOf(Path path) {
        String field = "";
        for (Path.Node node : path) {
            if (node.getName() == null || node.getName().startsWith("<")) {
                continue;
            }
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                field = node.getName();
            }
        }
        return field;
    }
}
