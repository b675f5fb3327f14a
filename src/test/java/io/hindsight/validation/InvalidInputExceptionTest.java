package io.hindsight.validation;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input that breaks a rule, as services report it: Bean Validation's violations and the service's
 * own rules in one list of field errors, named by the bean property the form and the API use.
 */
class InvalidInputExceptionTest {

    /** A bean with a rule on a field and one on each element of a list, like the incident draft's tags. */
    record Draft(@NotBlank(message = "Give it a title.") String title,
                 List<@Size(max = 5, message = "Keep tags short.") String> tags) {
    }

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void oneFieldOneMessage() {
        InvalidInputException e = new InvalidInputException("email", "Enter an email address.");

        assertEquals(List.of(new FieldError("email", "Enter an email address.")), e.errors());
        assertTrue(e.getMessage().contains("Enter an email address."), e.getMessage());
    }

    @Test
    void theErrorsAreACopy() {
        List<FieldError> errors = new ArrayList<>(List.of(new FieldError("name", "Name it.")));
        InvalidInputException e = new InvalidInputException(errors);

        errors.add(new FieldError("other", "Added later."));

        assertEquals(List.of(new FieldError("name", "Name it.")), e.errors());
        assertThrows(UnsupportedOperationException.class, () -> e.errors().add(new FieldError("x", "y")));
    }

    @Test
    void formsShowTheFirstMessageOfEachFieldInOrder() {
        InvalidInputException e = new InvalidInputException(List.of(
                new FieldError("title", "Give it a title."),
                new FieldError("tags", "Keep tags short."),
                new FieldError("title", "A second message about the title.")));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("title", "Give it a title.");
        expected.put("tags", "Keep tags short.");
        assertEquals(expected, e.byField());
        assertEquals(List.of("title", "tags"), List.copyOf(e.byField().keySet()));
    }

    @Test
    void aValidBeanWithNoOtherErrorsPasses() {
        assertDoesNotThrow(() -> InvalidInputException.check(validator, new Draft("Checkout slow", List.of("db")), List.of()));
    }

    @Test
    void theServicesOwnErrorsComeFirstThenTheViolationsByField() {
        Draft draft = new Draft(" ", List.of("db", "far-too-long", "checkout"));
        List<FieldError> own = List.of(new FieldError("startedAt", "Detected before it started?"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> InvalidInputException.check(validator, draft, own));

        assertEquals(List.of(
                new FieldError("startedAt", "Detected before it started?"),
                new FieldError("tags", "Keep tags short."),
                new FieldError("tags", "Keep tags short."),
                new FieldError("title", "Give it a title.")), e.errors());
    }

    @Test
    void aRuleOnAListElementIsAboutTheList() {
        List<FieldError> errors = InvalidInputException.fromViolations(
                validator.validate(new Draft("Fine", List.of("ok", "much-too-long"))));

        assertEquals(List.of(new FieldError("tags", "Keep tags short.")), errors, "tags[1].<list element> names the field tags");
    }

    @Test
    void theServicesOwnErrorsAloneAreEnough() {
        List<FieldError> own = List.of(new FieldError("reason", "Say why."));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> InvalidInputException.check(validator, new Draft("Fine", List.of()), own));

        assertEquals(own, e.errors());
    }
}
