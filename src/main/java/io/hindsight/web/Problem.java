package io.hindsight.web;

import com.fasterxml.jackson.annotation.JsonInclude;

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

    /** One rejected field, named as the JSON body names it. */
    public record InvalidParam(String field, String message) {
    }
}
