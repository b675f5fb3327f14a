package io.hindsight.similar;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hindsight.account.Role;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.List;

/** "This happened before" and "did the fix work?" for programs. */
@Path("/api/v1/incidents/{id}/similar")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Incidents")
@RolesAllowed(Role.VIEW)
public class SimilarApi {

    @Inject
    IncidentService incidents;

    @Inject
    SimilarIncidents similar;

    @Inject
    Recurrences recurrences;

    /** Similar incidents and recurrences of one incident. */
    public record SimilarView(List<Match> items, List<RecurrenceView> recurredAs, List<RecurrenceView> recurrenceOf) {
    }

    /**
     * One similar incident: score (0.4 and up), why in words, and the reasons one by one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(long id, String title, Severity severity, IncidentStatus status, Instant startedAt, double score,
                        String why, List<String> sharedServices, List<String> sharedTags, List<String> sharedFactors,
                        List<String> sharedWords, double titleSimilarity) {
        static Match of(SimilarIncident s) {
            return new Match(s.id(), s.title(), s.severity(), s.status(), s.startedAt(), s.score(), s.why(), s.sharedServices(),
                    s.sharedTags(), s.sharedFactors(), s.sharedWords(), s.titleSimilarity());
        }
    }

    /** A fix followed by a similar incident: what was done, where and when, and the incident that came after. */
    public record RecurrenceView(String fixKind, long fixId, String fixTitle, long fixedIncidentId, String fixedIncidentTitle,
                                 Instant doneAt, long recurredIncidentId, String recurredIncidentTitle, Instant recurredAt,
                                 long daysAfter) {
        static RecurrenceView of(Recurrence r) {
            return new RecurrenceView(r.fix().kind().name().toLowerCase(java.util.Locale.ROOT), r.fix().id(), r.fix().title(),
                    r.fixedIncidentId(), r.fixedIncidentTitle(), r.doneAt(), r.recurredIncidentId(), r.recurredIncidentTitle(),
                    r.recurredAt(), r.daysAfter());
        }
    }

    @GET
    @Operation(summary = "Similar incidents and recurrences of an incident",
            description = "items: the incidents most like this one, best first (trigram similarity of the titles, shared "
                    + "services, tags and contributing factors, words both titles and summaries use), each with why it "
                    + "matched; incidents in the Trash never appear. recurred_as: this incident's completed action items "
                    + "and ticked checklist items after which a similar incident in one of its services started (the first "
                    + "such incident for each). recurrence_of: earlier similar incidents in one of its services whose fix "
                    + "was done before this one started.")
    public SimilarView get(@RestPath long id,
                           @Parameter(description = "How many similar incidents, 1 to 20 (default 5)") @RestQuery Integer limit) {
        if (limit != null && (limit < 1 || limit > SimilarIncidents.MAX_LIMIT)) {
            throw new BadRequestException("limit is between 1 and " + SimilarIncidents.MAX_LIMIT);
        }
        Incident incident = incidents.get(id);
        Recurrences.OfIncident found = recurrences.ofIncident(id);
        return new SimilarView(similar.of(incident, limit == null ? SimilarIncidents.PANEL : limit).stream().map(Match::of).toList(),
                found.recurredAs().stream().map(RecurrenceView::of).toList(),
                found.recurrenceOf().stream().map(RecurrenceView::of).toList());
    }
}
