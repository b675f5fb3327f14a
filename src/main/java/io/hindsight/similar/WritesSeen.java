package io.hindsight.similar;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.Set;

/**
 * Read your own writes on the similar panel: once a request that may have written (any method but GET, HEAD and
 * OPTIONS) has been handled — its transaction committed or rolled back — this instance stops using the panels it
 * keeps, without waiting for PostgreSQL's notice of the change (which reaches every instance moments later).
 */
public class WritesSeen {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    SimilarCache cache;

    @ServerResponseFilter
    public void written(ContainerRequestContext request) {
        if (!SAFE.contains(request.getMethod())) {
            cache.forgetAll();
        }
    }
}
