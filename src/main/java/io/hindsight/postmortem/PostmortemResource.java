package io.hindsight.postmortem;

import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The postmortem of an incident: choose a template, write it section by section, read it. */
@Path("/incidents/{id}/postmortem")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class PostmortemResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance show(Incident incident, Postmortem postmortem, List<Section> sections);

        static native TemplateInstance choose(Incident incident, List<PostmortemTemplate> templates, String suggested,
                                              Map<String, String> errors);

        static native TemplateInstance edit(Incident incident, Postmortem postmortem, PostmortemForm form,
                                            List<Section> sections, Map<String, String> errors, boolean conflict,
                                            Map<Section, List<BlamelessFinding>> findings);
    }

    @Inject
    IncidentService incidents;

    @Inject
    PostmortemService postmortems;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance show(@RestPath long id) {
        Incident incident = incidents.get(id);
        return postmortems.findByIncident(id)
                .map(pm -> Templates.show(incident, pm, List.of(Section.values())))
                .orElseGet(() -> Templates.choose(incident, postmortems.templates(), TemplateSuggestion.forIncident(incident),
                        Map.of()));
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@RestPath long id, @RestForm String template) {
        try {
            postmortems.start(id, template);
            flash.success("Postmortem started. Take it one section at a time — the prompts are beside each box.");
            return Response.seeOther(URI.create("/incidents/" + id + "/postmortem/edit")).build();
        } catch (InvalidInputException e) {
            Incident incident = incidents.get(id);
            return Response.status(400)
                    .entity(Templates.choose(incident, postmortems.templates(), TemplateSuggestion.forIncident(incident),
                            e.byField()))
                    .build();
        }
    }

    @GET
    @Path("/edit")
    @RolesAllowed(Role.EDIT)
    public Response initEditForm(@RestPath long id) {
        Incident incident = incidents.get(id);
        return postmortems.findByIncident(id)
                .map(pm -> Response.ok(Templates.edit(incident, pm, PostmortemForm.of(pm), List.of(Section.values()), Map.of(),
                        false, postmortems.findings(pm))).build())
                .orElseGet(() -> Response.seeOther(URI.create("/incidents/" + id + "/postmortem")).build());
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/edit")
    public Response processEditForm(@RestPath long id, @BeanParam PostmortemForm form) {
        try {
            postmortems.save(id, form.toDraft(), form.version);
            flash.success("Postmortem saved. This is how it reads.");
            return Response.seeOther(URI.create("/incidents/" + id + "/postmortem")).build();
        } catch (InvalidInputException e) {
            return rejected(id, form, e.byField(), false);
        } catch (OptimisticLockException e) {
            return rejected(id, form, Map.of(), true);
        }
    }

    private Response rejected(long id, PostmortemForm form, Map<String, String> errors, boolean conflict) {
        Incident incident = incidents.get(id);
        Postmortem current = postmortems.findByIncident(id).orElseThrow();
        if (conflict) {
            form.version = current.version;
        }
        return Response.status(conflict ? 409 : 400)
                .entity(Templates.edit(incident, current, form, List.of(Section.values()), errors, conflict,
                        postmortems.findings(form::text))).build();
    }
}
