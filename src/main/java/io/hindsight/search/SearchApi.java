package io.hindsight.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hindsight.account.Role;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.validation.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Full-text search for programs: the same search as the /search page, as JSON. */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
@RolesAllowed(Role.VIEW)
public class SearchApi {

    static final String SYNTAX = "Words in any form (backup finds backups); \"quoted words\" next to each other; "
            + "word* for every word starting so; or between alternatives; -word to leave a word out. At most "
            + SearchText.MAX_LENGTH + " characters.";

    @Inject
    SearchService search;

    @GET
    @Operation(summary = "Search incidents and their postmortems",
            description = "Full-text search over titles, summaries, customer impact, every postmortem section, timeline "
                    + "entries, action items, checklist notes, tags and services. Title matches come first, then the "
                    + "newest; the first " + SearchService.RANKED + " of that order are ordered by relevance (summaries "
                    + "and lessons weigh more than the rest), so a query with fewer matches is ranked completely. At most "
                    + SearchRequest.MAX_RESULTS + " results are paged; total is counted up to "
                    + (SearchRequest.MAX_RESULTS + 1) + " (total_is_lower_bound says when there are more). A short query "
                    + "that finds nothing is searched with the closest spelling of titles, tags and services "
                    + "(corrected_from names what was typed) unless exact=true; suggestion offers a closer spelling that "
                    + "finds more. Incidents in the Trash never appear. Dates are days in UTC, both ends included.")
    public Results search(
            @Parameter(description = SYNTAX, required = true) @RestQuery String q,
            @Parameter(description = "sev1 … sev4") @RestQuery String severity,
            @Parameter(description = "investigating, mitigated, resolved, in_review or published") @RestQuery String status,
            @Parameter(description = "An affected service, e.g. billing") @RestQuery String service,
            @Parameter(description = "A tag, e.g. backups") @RestQuery String tag,
            @Parameter(description = "Started on or after this day (UTC), e.g. 2024-03-01",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String from,
            @Parameter(description = "Started on or before this day (UTC)", schema = @Schema(type = SchemaType.STRING, format = "date")) @RestQuery String to,
            @Parameter(description = "true: only incidents whose postmortem is published") @RestQuery String published,
            @Parameter(description = "true: search the words as typed, never a corrected spelling") @RestQuery String exact,
            @Parameter(description = "From 1") @RestQuery Integer page,
            @Parameter(description = "1 to " + SearchRequest.MAX_SIZE + ", default " + SearchRequest.DEFAULT_SIZE) @RestQuery Integer size) {
        SearchRequest request = SearchRequest.parse(q, severity, status, service, tag, from, to, published, page, size);
        if (request.errors().isEmpty() && !request.hasText()) {
            throw new InvalidInputException("q", "Say what to search for: q holds the words, e.g. q=backup.");
        }
        if (!request.errors().isEmpty()) {
            throw new InvalidInputException(request.errors());
        }
        SearchResults results = search.search(request, ZoneOffset.UTC, !"true".equalsIgnoreCase(exact));
        if (results.notice() != null) {
            throw new InvalidInputException("q", results.notice());
        }
        return Results.of(results);
    }

    /** One page of results. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Results(String q, @Schema(description = "The words as PostgreSQL read them (stems and operators)") String query,
                          String correctedFrom, String suggestion, List<Item> items, int page, int size, long total,
                          boolean totalIsLowerBound, int totalPages) {
        static Results of(SearchResults r) {
            return new Results(r.request().text(), r.query(), r.correctedFrom(), r.suggestion(),
                    r.items().stream().map(Item::of).toList(), r.page(), r.request().size(),
                    Math.min(r.total(), SearchRequest.MAX_RESULTS), r.capped(), r.totalPages());
        }
    }

    /** One incident found. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(long id, String title, Severity severity, IncidentStatus status, Instant startedAt,
                       List<String> tags, List<String> affectedServices, boolean postmortemPublished, double rank,
                       @Schema(description = "Where the snippet comes from, e.g. \"Postmortem: Learn\"") String matchedIn,
                       @Schema(description = "The matching fragment, plain text") String snippet,
                       @Schema(description = "The words of the snippet that matched") List<String> highlights,
                       String href) {
        static Item of(SearchResults.Hit h) {
            return new Item(h.id(), h.title(), h.severity(), h.status(), h.startedAt(), h.tags(), h.services(),
                    h.published(), h.rank(), h.matchedIn(), h.snippetText(), h.highlights(), "/api/v1/incidents/" + h.id());
        }
    }
}
