package io.hindsight.lesson;

import io.hindsight.account.Role;
import io.hindsight.web.PublicUrl;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.time.Instant;
import java.util.List;

/**
 * An Atom feed of published postmortems for feed readers. Readers authenticate with a personal
 * access token, as a bearer token or, for readers that cannot send headers, as {@code ?access_token=}.
 */
@Path("/feed")
@RolesAllowed(Role.VIEW)
public class FeedResource {

    private static final int ENTRIES = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance lessons(List<Entry> entries, String base, Instant updated);
    }

    /** One feed entry: the lessons first, then the summary, as HTML. */
    public record Entry(long incidentId, String title, Instant published, Instant updated, String html) {
    }

    @Inject
    PublicUrl publicUrl;

    @Inject
    LessonService library;

    @GET
    @Path("/lessons.atom")
    @Produces("application/atom+xml")
    public TemplateInstance lessons() {
        // The lessons and summary were rendered once, when the postmortem was published or amended.
        List<Entry> entries = library.latest(ENTRIES).stream()
                .map(c -> new Entry(c.incidentId(), c.title(), c.published(), c.updated(), c.html())).toList();
        Instant updated = entries.stream().map(Entry::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
        return Templates.lessons(entries, publicUrl.of(""), updated);
    }
}
