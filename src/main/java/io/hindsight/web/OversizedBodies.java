package io.hindsight.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request whose declared body ({@code Content-Length}) is over {@code quarkus.http.limits.max-body-size} is refused
 * with 413 and an explanation: a problem document on the API, a short page in the browser. It runs just before
 * Quarkus' own check (which answers the same 413 with an empty body) and before anything reads the body.
 *
 * <p>The body is never read into memory, parsed or stored, but up to {@link #SWALLOW_FACTOR} times the limit it is
 * received and thrown away before the connection is closed, and a client that asked {@code Expect: 100-continue} is
 * told to go on first. Both keep the answer readable: a client that is still sending when the connection closes
 * sees a reset instead of the 413, and Java's own HttpClient before JDK 20 (JDK-8286171) waits forever for a final
 * answer with a body that came instead of {@code 100 Continue}. A declared body larger still is answered at once
 * and the connection closed, as Quarkus does.
 *
 * <p>A chunked body without {@code Content-Length} cannot be judged from its headers: Quarkus REST's reader cuts it off
 * when it passes the limit and itself answers an empty 413 and closes the connection, before any mapper runs.
 */
@Singleton
public class OversizedBodies {

    static final String TITLE = "Request too large";

    /** How many times the limit a declared body may be and still be received (and thrown away) before closing. */
    static final int SWALLOW_FACTOR = 4;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> limit;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        limit.ifPresent(max -> router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(context -> refuseIfOversized(context, max.asLongValue())));
    }

    private void refuseIfOversized(RoutingContext context, long max) {
        HttpServerRequest request = context.request();
        long length = declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH));
        if (length <= max) {
            context.next();
            return;
        }
        String path = context.normalizedPath();
        String detail = "A request may carry at most " + readable(max) + " (quarkus.http.limits.max-body-size); this one"
                + " declares " + readable(length) + ". Nothing was saved. Send less at a time.";
        boolean api = wantsJson(path, request.getHeader(HttpHeaders.ACCEPT));
        String body = api ? problem(path, detail) : page(detail);

        HttpServerResponse response = context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, api ? Problem.MEDIA_TYPE : "text/html;charset=UTF-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (http1) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        if (length > max * SWALLOW_FACTOR || request.isEnded()) {
            response.end(body).onComplete(written -> {
                if (http1) {
                    request.connection().close();
                }
            });
            return;
        }
        // Close only once both the answer is written and the client has finished sending: whichever comes last.
        AtomicInteger pending = new AtomicInteger(2);
        Runnable closeWhenBothDone = () -> {
            if (pending.decrementAndGet() == 0 && http1) {
                request.connection().close();
            }
        };
        request.handler(ignored -> { });
        request.exceptionHandler(ignored -> { });
        request.endHandler(ended -> closeWhenBothDone.run());
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            response.writeContinue();
        }
        request.resume();
        response.end(body).onComplete(written -> closeWhenBothDone.run());
    }

    static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** As {@link ErrorMapper#wantsJson}: an {@code /api/} address, or JSON as the first accepted type. */
    static boolean wantsJson(String path, String accept) {
        if (path != null && path.startsWith("/api/")) {
            return true;
        }
        String first = accept == null ? "" : accept.split(",")[0].split(";")[0].trim().toLowerCase(Locale.ROOT);
        int slash = first.indexOf('/');
        return slash > 0 && !first.equals("text/html") && first.substring(slash + 1).contains("json");
    }

    private String problem(String path, String detail) {
        return new Problem("about:blank", TITLE, 413, detail, path, List.of()).toJson(json);
    }

    private static String page(String detail) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + TITLE
                + " · Hindsight</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main>"
                + "<section class=\"error-page\"><p class=\"error-status\">413</p><h1>" + TITLE + "</h1><p>" + detail
                + "</p><p class=\"error-actions\"><a class=\"button primary\" href=\"/\">Go to the dashboard</a></p>"
                + "</section></main></body></html>";
    }

    static String readable(long bytes) {
        return bytes >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024))
                : String.format(Locale.ROOT, "%d KB", Math.max(1, bytes / 1024));
    }
}
