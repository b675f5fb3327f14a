package io.hindsight.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The API reference ({@code /q/swagger-ui/}, Quarkus' Swagger UI over {@code /q/openapi}) starts itself with inline
 * scripts that the portal's Content-Security-Policy refuses everywhere else. On this page only, inline scripts and
 * styles are allowed; everything still comes from the portal itself, and it still cannot be framed. Signed-in
 * people only, like every page (see application.properties).
 */
@ApplicationScoped
public class ApiReferencePage {

    public static final String PATH = "/q/swagger-ui";

    static final String POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        filters.register(this::relaxScriptsOnTheReference, 100);
    }

    void relaxScriptsOnTheReference(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path.equals(PATH) || path.startsWith(PATH + "/")) {
            ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Content-Security-Policy", POLICY));
        }
        ctx.next();
    }
}
