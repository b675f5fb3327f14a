package io.hindsight.similar;

import io.hindsight.account.Role;
import io.hindsight.incident.IncidentForm;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Map;

/**
 * Similar incidents while a new one is being recorded. Without JavaScript, "Check for similar incidents" posts the
 * form here instead of saving it, and the form comes back with every value as typed and the suggestions; with
 * JavaScript, app.js asks the GET for the suggestions alone once a title is typed and puts them in place.
 */
@Path("/incidents/new/similar")
@RolesAllowed(Role.EDIT)
public class SimilarFormResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance suggestions(List<SimilarIncident> suggested, boolean checked);
    }

    @Inject
    @Location("IncidentResource/form")
    Template form;

    @Inject
    SimilarIncidents similar;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance check(@BeanParam IncidentForm typed) {
        typed.similarCheck = "yes";
        return form.data("form", typed).data("errors", Map.of()).data("incident", null).data("action", "/incidents")
                .data("conflict", null);
    }

    /** The suggestions alone, as the form shows them, for the page's script. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance suggestions(@RestQuery String title, @RestQuery String summary,
                                        @RestQuery String affectedServices, @RestQuery String tags) {
        List<SimilarIncident> found = title == null || title.isBlank() ? List.of()
                : similar.of(SimilarIncidents.Subject.draft(title, summary, SimilarSuggestions.split(affectedServices),
                SimilarSuggestions.split(tags)), SimilarIncidents.PANEL);
        return Templates.suggestions(found, title != null && !title.isBlank());
    }
}
