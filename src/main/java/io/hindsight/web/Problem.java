package io.hindsight.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * An RFC 9457 problem document, the body of every API error.
 *
 * @param currentVersion an extension member of 409 and 412 answers to a stale version: the version the record has now
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<InvalidParam> errors,
                      Long currentVersion) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(String type, String title, int status, String detail, String instance, List<InvalidParam> errors) {
        this(type, title, status, detail, instance, errors, null);
    }

    /**
     * This document as JSON text, for answers written below JAX-RS (before a request reaches a resource). Pass the
     * application's own mapper, so the text is exactly what JAX-RS would have written.
     */
    public String toJson(ObjectMapper json) {
        try {
            return json.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem document could not be written as JSON", e);
        }
    }

    /** One rejected field, named as the JSON body names it. */
    public record InvalidParam(String field, String message) {
    }
}
