package io.hindsight.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A name or title without the invisible characters that change the direction in which it is shown ({@link Names}).
 * Null is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = PlainName.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainName {

    String message() default "Remove the invisible characters that change the direction in which the text is shown "
            + "(U+202A–U+202E, U+2066–U+2069).";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<PlainName, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return Names.directionProblem(value) == null;
        }
    }
}
