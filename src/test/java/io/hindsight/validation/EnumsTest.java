package io.hindsight.validation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading a choice as forms and query strings send it: any case, dashes for underscores, nothing for nonsense. */
class EnumsTest {

    enum Weather { SUNNY, LIGHT_RAIN }

    @Test
    void aChoiceIsReadInAnyCaseWithDashesForUnderscores() {
        assertEquals(Weather.SUNNY, Enums.lenient(Weather.class, "SUNNY"));
        assertEquals(Weather.SUNNY, Enums.lenient(Weather.class, "sunny"));
        assertEquals(Weather.LIGHT_RAIN, Enums.lenient(Weather.class, "light-rain"));
        assertEquals(Weather.LIGHT_RAIN, Enums.lenient(Weather.class, "Light_Rain"));
        assertEquals(Weather.LIGHT_RAIN, Enums.lenient(Weather.class, "  light-rain \n"));
    }

    @Test
    void nothingOrNonsenseReadsAsNoChoice() {
        assertNull(Enums.lenient(Weather.class, null));
        assertNull(Enums.lenient(Weather.class, ""));
        assertNull(Enums.lenient(Weather.class, "   "));
        assertNull(Enums.lenient(Weather.class, "hail"));
        assertNull(Enums.lenient(Weather.class, "light rain"));
    }

    @Test
    void parsingAddsTheMessageOnlyForAValueThatNamesNothing() {
        List<FieldError> errors = new ArrayList<>();

        Weather chosen = Enums.parse(Weather.class, "light-rain", "weather", "Choose the weather.", errors);
        Weather blank = Enums.parse(Weather.class, " ", "weather", "Choose the weather.", errors);
        Weather missing = Enums.parse(Weather.class, null, "weather", "Choose the weather.", errors);
        Weather wrong = Enums.parse(Weather.class, "hail", "weather", "Choose the weather.", errors);

        assertEquals(Weather.LIGHT_RAIN, chosen);
        assertNull(blank, "an optional choice left empty is no error");
        assertNull(missing);
        assertNull(wrong);
        assertEquals(List.of(new FieldError("weather", "Choose the weather.")), errors);
    }
}
