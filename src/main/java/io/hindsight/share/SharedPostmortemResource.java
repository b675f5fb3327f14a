package io.hindsight.share;

import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.lesson.Lesson;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.Section;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

import java.util.List;

/** What a share link opens, for anyone who has it: no account, read-only, published text only. */
@Path("/share")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class SharedPostmortemResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance shared(Postmortem postmortem, Incident incident, List<Section> sections, String lessons);
    }

    @Inject
    ShareService shares;

    @Inject
    IncidentService incidents;

    /** The shared postmortem: sections, timeline and lessons; no reviewers, comments or audit. */
    @GET
    @Path("/{token}")
    public Response shared(@RestPath String token) {
        Postmortem postmortem = shares.open(token).orElseThrow(() -> shares.leadsToTrash(token)
                ? new ClientErrorException("The shared postmortem was deleted", Response.Status.GONE)
                : new NotFoundException("Unknown, expired or revoked share link"));
        return Response.ok(Templates.shared(postmortem, incidents.get(postmortem.incident.id), List.of(Section.values()),
                        Lesson.lessonsIn(postmortem.learn)))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex").build();
    }
}
