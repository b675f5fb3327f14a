package io.hindsight.lesson;

import io.hindsight.account.Role;
import io.hindsight.web.PublicUrl;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

import java.time.Instant;
import java.util.List;

/**
 * An Atom feed of published postmortems for feed readers. Programs authenticate with a personal
 * access token (a bearer token, or {@code ?access_token=}); feed readers, which cannot send headers,
 * use the person's private feed address ({@link FeedAddresses}), whose secret opens this feed only.
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

    @Inject
    FeedAddresses addresses;

    @GET
    @Path("/lessons.atom")
    @Produces("application/atom+xml")
    public TemplateInstance lessons() {
        return feed();
    }

    /**
     * The same feed at a person's private address. An unknown, revoked or malformed secret, or one of
     * a deactivated person, is 404 alike: the answer never tells which.
     */
    @GET
    @Path("/private/{secret}/lessons.atom")
    @Produces("application/atom+xml")
    @PermitAll
    public Response privateLessons(@RestPath String secret) {
        if (addresses.owner(secret).isEmpty()) {
            return Response.status(404).type("text/plain; charset=utf-8").entity("There is no feed at this address.\n")
                    .header("Cache-Control", "no-store").build();
        }
        return Response.ok(feed().render(), "application/atom+xml; charset=utf-8").header("Cache-Control", "private, no-cache").header("X-Robots-Tag", "noindex").build();
    }

    private TemplateInstance feed() {
        // The lessons and summary were rendered once, when the postmortem was published or amended.
        List<Entry> entries = library.latest(ENTRIES).stream()
                .map(c -> new Entry(c.incidentId(), c.title(), c.published(), c.updated(), c.html())).toList();
        Instant updated = entries.stream().map(Entry::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
        return Templates.lessons(entries, publicUrl.of(""), updated);
    }
}
