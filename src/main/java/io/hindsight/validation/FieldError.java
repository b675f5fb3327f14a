package io.hindsight.validation;

/** A message about one input field, named as the form and the API name it (Java property name). */
public record FieldError(String field, String message) {
}
