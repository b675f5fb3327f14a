package io.hindsight.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem document, the body of every API error. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<InvalidParam> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected field, named as the JSON body names it. */
    public record InvalidParam(String field, String message) {
    }
}
