package io.hindsight.search;

import io.hindsight.account.Role;
import io.hindsight.web.ViewerZone;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/**
 * The search page: the header's search box sends its words here ({@code GET /search?q=}), and the page offers the
 * filters, explains the query syntax and pages the results. Every signed-in person may search what they may read.
 */
@Path("/search")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class SearchResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(SearchRequest request, SearchResults results);
    }

    @Inject
    SearchService search;

    @Inject
    ViewerZone viewer;

    @GET
    public Response page(@RestQuery String q, @RestQuery String severity, @RestQuery String status,
                         @RestQuery String service, @RestQuery String tag, @RestQuery String from,
                         @RestQuery String to, @RestQuery String published, @RestQuery String exact,
                         @RestQuery Integer page) {
        SearchRequest request = SearchRequest.parse(q, severity, status, service, tag, from, to, published, page, null);
        if (!request.errors().isEmpty()) {
            SearchResults none = new SearchResults(request, List.of(), 0, null, null, null, null);
            return Response.status(400).entity(Templates.search(request, none)).build();
        }
        SearchResults results = search.search(request, viewer.zone(), !"true".equals(exact));
        return Response.ok(Templates.search(request, results)).build();
    }
}
