package io.hindsight.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A request whose declared body is over {@code quarkus.http.limits.max-body-size} is refused from its headers alone,
 * before the body is read (as Quarkus does), but with an explanation: a problem document on the API, a short page in
 * the browser. Quarkus' own check answers the same 413 with an empty body; this one runs just before it.
 */
@Singleton
public class OversizedBodies {

    static final String TITLE = "That is more than we can take in one request";

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> limit;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        limit.ifPresent(max -> router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(context -> refuseIfOversized(context, max.asLongValue())));
    }

    private void refuseIfOversized(RoutingContext context, long max) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1;
        }
        if (length <= max) {
            context.next();
            return;
        }
        String detail = "Send less at a time: a request may carry at most " + readable(max) + ", and this one has "
                + readable(length) + ". Nothing was saved.";
        String path = context.normalizedPath();
        String body;
        String type;
        if (wantsJson(path, context.request().getHeader(HttpHeaders.ACCEPT))) {
            type = Problem.MEDIA_TYPE;
            try {
                body = json.writeValueAsString(new Problem("about:blank", TITLE, 413, detail, path, List.of()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            type = "text/html;charset=UTF-8";
            body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + TITLE
                    + " · Hindsight</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main>"
                    + "<section class=\"error-page\"><p class=\"error-status\">413</p><h1>" + TITLE + "</h1><p>" + detail
                    + "</p><p class=\"error-actions\"><a class=\"button primary\" href=\"/\">Go to the dashboard</a></p>"
                    + "</section></main></body></html>";
        }
        // The unread body is not drained: the connection is closed after the answer, as Quarkus does (a client that
        // asked "Expect: 100-continue" waits for that close before it gives up sending).
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader(HttpHeaders.CONTENT_TYPE, type)
                .endHandler(done -> context.request().connection().close())
                .end(body);
    }

    static boolean wantsJson(String path, String accept) {
        if (path != null && path.startsWith("/api/")) {
            return true;
        }
        String first = accept == null ? "" : accept.split(",")[0].toLowerCase(Locale.ROOT);
        return first.contains("json");
    }

    private static String readable(long bytes) {
        return bytes >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024))
                : String.format(Locale.ROOT, "%d KB", Math.max(1, bytes / 1024));
    }
}
