package io.hindsight.postmortem;

import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Conflict;
import io.hindsight.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
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
        static native TemplateInstance show(Incident incident, Postmortem postmortem, List<Section> sections,
                                            Map<Section, List<BlamelessFinding>> findings, int findingCount);

        static native TemplateInstance choose(Incident incident, List<PostmortemTemplate> templates, String suggested,
                                              Map<String, String> errors);

        static native TemplateInstance edit(Incident incident, Postmortem postmortem, PostmortemForm form,
                                            List<Section> sections, Map<String, String> errors, Conflict conflict,
                                            Map<Section, List<BlamelessFinding>> findings, boolean checked, int findingCount);
    }

    @Inject
    IncidentService incidents;

    @Inject
    PostmortemService postmortems;

    @Inject
    Flash flash;

    @Inject
    CurrentUser me;

    @GET
    public TemplateInstance show(@RestPath long id) {
        Incident incident = incidents.get(id);
        return postmortems.findByIncident(id)
                .map(pm -> {
                    Map<Section, List<BlamelessFinding>> findings = postmortems.findings(pm);
                    return Templates.show(incident, pm, List.of(Section.values()), findings, count(findings));
                })
                .orElseGet(() -> Templates.choose(incident, postmortems.templates(), TemplateSuggestion.forIncident(incident),
                        Map.of()));
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@RestPath long id, @RestForm String template) {
        try {
            postmortems.start(id, template, me.requireId());
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
                .map(pm -> Response.ok(editor(incident, pm, postmortems.openAmendment(pm)
                        .map(amendment -> PostmortemForm.of(pm, amendment.text())).orElseGet(() -> PostmortemForm.of(pm)),
                        Map.of(), null, false)).build())
                .orElseGet(() -> Response.seeOther(URI.create("/incidents/" + id + "/postmortem")).build());
    }

    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/edit")
    public Response processEditForm(@RestPath long id, @BeanParam PostmortemForm form) {
        try {
            Postmortem saved = postmortems.save(id, form.toDraft(), form.version, me.requireId());
            flash.success(saved.status == PostmortemStatus.PUBLISHED
                    ? "Amendment saved. Readers keep the published text below until the amendment is approved in review."
                    : "Postmortem saved. This is how it reads.");
            return Response.seeOther(URI.create("/incidents/" + id + "/postmortem")).build();
        } catch (InvalidInputException e) {
            return rejected(id, form, e.byField(), false);
        } catch (RuntimeException e) {
            if (Conflict.lostRace(e) == null) {
                throw e;
            }
            return rejected(id, form, Map.of(), true);
        }
    }

    /** Drops the amendment of a published postmortem; its text stays in the history. */
    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/amendment/discard")
    public Response discardAmendment(@RestPath long id) {
        try {
            postmortems.discardAmendment(id, me.requireId());
            flash.success("Amendment discarded. Readers never saw it; its text stays in the history.");
        } catch (InvalidInputException e) {
            flash.warning(String.join(" ", e.byField().values()));
        }
        return Response.seeOther(URI.create("/incidents/" + id + "/postmortem")).build();
    }

    /**
     * "Check wording": the blameless check over the editor's text as typed, shown under each section in the editor
     * again. Nothing is saved, and the version the writer started from is kept, so a later save still notices
     * someone else's save in between.
     */
    @POST
    @RolesAllowed(Role.EDIT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Path("/check")
    public Response checkWording(@RestPath long id, @BeanParam PostmortemForm form) {
        Incident incident = incidents.get(id);
        Postmortem current = postmortems.findByIncident(id)
                .orElseThrow(() -> new NotFoundException("Incident " + id + " has no postmortem yet"));
        return Response.ok(editor(incident, current, form, Map.of(), null, true)).build();
    }

    /**
     * The editor again, with what was typed: 400 with the errors, or 409 when someone else saved meanwhile — then
     * above the form the current text and the differences, and the form starts from the current version, so
     * saving again puts this text on top of theirs knowingly.
     */
    private Response rejected(long id, PostmortemForm form, Map<String, String> errors, boolean lostRace) {
        Incident incident = incidents.get(id);
        Postmortem current = postmortems.findByIncident(id).orElseThrow();
        Conflict conflict = null;
        if (lostRace) {
            PostmortemDraft now = postmortems.editableText(current);
            Conflict.Builder fields = Conflict.at(current.updatedAt, current.version)
                    .keptAs(postmortems.keepDraft(id, form.toDraft(), me.requireId())
                            .map(draft -> "/incidents/" + id + "/history/compare?to=" + draft.id).orElse(null));
            for (Section section : Section.values()) {
                fields.field(section.field(), section.title(), form.text(section), section.textOf(now));
            }
            conflict = fields.build();
            form.version = current.version;
        }
        return Response.status(lostRace ? 409 : 400).entity(editor(incident, current, form, errors, conflict, false)).build();
    }

    /** The editor showing {@code form} as typed, with the blameless findings in that text. */
    private TemplateInstance editor(Incident incident, Postmortem postmortem, PostmortemForm form, Map<String, String> errors,
                                    Conflict conflict, boolean checked) {
        Map<Section, List<BlamelessFinding>> findings = postmortems.findings(form::text);
        return Templates.edit(incident, postmortem, form, List.of(Section.values()), errors, conflict, findings, checked,
                count(findings));
    }

    private static int count(Map<Section, List<BlamelessFinding>> findings) {
        return findings.values().stream().mapToInt(List::size).sum();
    }
}
