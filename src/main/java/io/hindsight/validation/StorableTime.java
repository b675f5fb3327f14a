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
import java.time.Instant;
import java.time.LocalDate;

/**
 * A time or date Hindsight keeps: within the years {@value Dates#FIRST_YEAR} to {@value Dates#LAST_YEAR} (UTC).
 * ISO 8601, and so JSON and Java, can write times thousands of millennia away ({@code +999999999-12-31T23:59:59Z})
 * that PostgreSQL cannot store; such a value is refused with the field's message instead of failing when it is
 * written. Null is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = {StorableTime.InstantCheck.class, StorableTime.DateCheck.class})
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableTime {

    String message() default "Choose a date between " + Dates.FIRST_YEAR + " and " + Dates.LAST_YEAR + ".";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class InstantCheck implements ConstraintValidator<StorableTime, Instant> {
        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return Dates.storable(value);
        }
    }

    final class DateCheck implements ConstraintValidator<StorableTime, LocalDate> {
        @Override
        public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
            return Dates.storable(value);
        }
    }
}
