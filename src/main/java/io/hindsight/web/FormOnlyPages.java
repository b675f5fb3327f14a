package io.hindsight.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Locale;
import java.util.Set;

/**
 * A change through a page comes as a form, or not at all: any request but GET, HEAD, OPTIONS and TRACE to an address
 * outside {@code /api/} whose body is not {@code application/x-www-form-urlencoded} or {@code multipart/form-data}
 * (no {@code Content-Type} at all, {@code text/plain}, JSON, anything unreadable) is refused with 415 before the
 * request is matched, so before the CSRF check and before any resource method.
 *
 * <p>The CSRF check ({@code quarkus-rest-csrf}, which lets JSON through for the API) verifies the token of form bodies
 * only. A route's {@code @Consumes} does not close the gap: JAX-RS matches a request without {@code Content-Type} to
 * any route, so a bodiless POST with only the session cookie (which another site can make a browser send) reached
 * the resource with no token checked. The API is not concerned: a change there needs a bearer token, never the
 * cookie ({@code SessionAuthMechanism}).
 */
public class FormOnlyPages {

    static final String TITLE = "That content type is not accepted here";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data");

    @ServerRequestFilter(preMatching = true)
    public void refuseAnythingButForms(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            return;
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (request.getUriInfo().getPath().startsWith("/api/")) {
            // The API reads the body's type itself; one that cannot even be parsed ("Content-Type:" with nothing after
            // it) is refused here, before the CSRF filter trips over it.
            if (contentType != null && !readable(contentType)) {
                throw new Refusal(415, "The Content-Type header cannot be read",
                        "Name the body's media type, such as Content-Type: application/json. Nothing was changed.");
            }
            return;
        }
        if (isForm(contentType)) {
            return;
        }
        throw new Refusal(415, TITLE, "Pages take only the forms they show. Nothing was changed: go back, reload the page "
                + "and send it again from there.");
    }

    /** Whether a {@code Content-Type} header is a media type at all. */
    static boolean readable(String contentType) {
        if (contentType.isBlank()) {
            return false;
        }
        try {
            MediaType.valueOf(contentType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a {@code Content-Type} names a form body, whatever its parameters (charset, boundary). */
    static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        return FORM_TYPES.contains(type);
    }
}
