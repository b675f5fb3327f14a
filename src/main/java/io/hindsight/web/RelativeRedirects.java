package io.hindsight.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;

/**
 * Redirects within the portal are sent as paths ({@code Location: /incidents}), never as an address built from the
 * request's {@code Host} header: JAX-RS turns {@code seeOther("/incidents")} into {@code http://<Host>/incidents}, so a
 * forged Host would send someone who just signed in elsewhere. Addresses outside the portal are left as they are.
 */
public class RelativeRedirects {

    @ServerResponseFilter
    public void relative(ContainerRequestContext request, ContainerResponseContext response) {
        Object location = response.getHeaders().getFirst(HttpHeaders.LOCATION);
        if (location == null) {
            return;
        }
        URI target = location instanceof URI uri ? uri : URI.create(location.toString());
        URI base = request.getUriInfo().getBaseUri();
        if (target.isAbsolute() && sameOrigin(target, base)) {
            String path = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    + (target.getRawFragment() == null ? "" : "#" + target.getRawFragment());
            response.getHeaders().putSingle(HttpHeaders.LOCATION, path);
        }
    }

    private static boolean sameOrigin(URI target, URI base) {
        return target.getScheme().equalsIgnoreCase(base.getScheme()) && target.getRawAuthority() != null
                && target.getRawAuthority().equalsIgnoreCase(base.getRawAuthority());
    }
}
