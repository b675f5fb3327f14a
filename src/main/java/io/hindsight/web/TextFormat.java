package io.hindsight.web;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Small text helpers for templates. */
@TemplateExtension
public class TextFormat {

    /** For a value put into a query string: {@code /incidents?tag={t.urlEncode}}. */
    static String urlEncode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
