package io.hindsight.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A negotiation header ({@code Accept}, {@code Accept-Language}, {@code Accept-Encoding}, {@code Accept-Charset}) that
 * is not written as RFC 9110 §12.5 says is ignored on every address outside {@code /api/}: the request is answered as
 * if it had not been sent, before anything else reads it. Browsers never send such values, and the framework's
 * parsers (Qute's choice of variant, JAX-RS' {@code Accept}) throw on them, which turned a page, a static file or even
 * the error page into a 500. The API keeps its own answer to an {@code Accept} it cannot serve (406).
 *
 * <p>Strict: a value is kept only if every comma-separated element is well formed, with no empty element and a
 * weight {@code q} of 0 to 1 with at most three decimals. Each header line is judged on its own.
 */
@Singleton
public class NegotiationHeaders {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String OWS = "[ \\t]*";
    private static final String QUOTED = "\"(?:[^\"\\\\\\x00-\\x08\\x0A-\\x1F\\x7F]|\\\\[^\\x00-\\x08\\x0A-\\x1F\\x7F])*\"";
    private static final String QVALUE = "(?:0(?:\\.[0-9]{0,3})?|1(?:\\.0{0,3})?)";
    private static final String WEIGHT = "(?:" + OWS + ";" + OWS + "[qQ]=" + QVALUE + ")?";
    private static final String PARAMETER = OWS + ";" + OWS + "(?:[qQ]=" + QVALUE + "|(?![qQ]=)" + TOKEN + "=(?:" + TOKEN + "|"
            + QUOTED + "))";

    private static final Map<String, Pattern> ELEMENTS = Map.of(
            "Accept", Pattern.compile(TOKEN + "/" + TOKEN + "(?:" + PARAMETER + ")*"),
            "Accept-Language", Pattern.compile("(?:\\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)" + WEIGHT),
            "Accept-Encoding", Pattern.compile(TOKEN + WEIGHT),
            "Accept-Charset", Pattern.compile(TOKEN + WEIGHT));

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::ignoreMalformed);
    }

    private void ignoreMalformed(RoutingContext context) {
        String path = context.normalizedPath();
        if (path == null || !path.startsWith("/api/")) {
            MultiMap headers = context.request().headers();
            ELEMENTS.forEach((name, element) -> {
                List<String> values = headers.getAll(name);
                if (!values.isEmpty() && !values.stream().allMatch(value -> wellFormed(value, element))) {
                    List<String> kept = values.stream().filter(value -> wellFormed(value, element)).toList();
                    headers.remove(name);
                    if (!kept.isEmpty()) {
                        headers.add(name, kept);
                    }
                }
            });
        }
        context.next();
    }

    /** Whether a header's value is a list of one or more elements of the given form, commas in quoted strings aside. */
    static boolean wellFormed(String value, Pattern element) {
        if (value == null || value.isBlank()) {
            return false;
        }
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                if (!element.matcher(value.substring(start, Math.min(i, value.length())).strip()).matches()) {
                    return false;
                }
                start = i + 1;
            }
        }
        return !quoted;
    }
}
