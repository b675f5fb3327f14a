package io.hindsight;

import io.restassured.response.Response;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks for the RFC 9457 problem documents the JSON API answers errors with. */
public final class ProblemAssertions {

    public static final String PROBLEM_JSON = "application/problem+json";

    private ProblemAssertions() {
    }

    /**
     * Asserts {@code response} is a problem document with {@code status} that names (at least)
     * {@code fields} in its {@code errors}, and returns the message per field.
     */
    public static Map<String, String> assertProblem(Response response, int status, String... fields) {
        assertEquals(status, response.statusCode(), () -> "status of " + response.asString());
        String type = response.contentType();
        assertTrue(type != null && type.startsWith(PROBLEM_JSON), () -> "expected " + PROBLEM_JSON + " but got " + type);
        assertEquals(status, response.jsonPath().getInt("status"), "status inside the problem document");
        assertFalse(response.jsonPath().getString("title").isBlank(), "a problem has a title");
        assertFalse(response.asString().contains("Exception"), () -> "no exception names leak: " + response.asString());
        List<Map<String, String>> errors = response.jsonPath().getList("errors");
        Map<String, String> byField = new java.util.LinkedHashMap<>();
        if (errors != null) {
            errors.forEach(e -> byField.putIfAbsent(e.get("field"), e.get("message")));
        }
        for (String field : fields) {
            assertTrue(byField.containsKey(field), () -> "expected an error for '" + field + "' in " + response.asString());
            assertFalse(byField.get(field) == null || byField.get(field).isBlank(), () -> "the error for " + field + " says something");
        }
        return byField;
    }
}
