package io.hindsight.similar;

import io.hindsight.account.Role;
import io.hindsight.incident.IncidentForm;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * "Check for similar incidents" on the new-incident form, without JavaScript: the form is posted here instead of
 * being saved, and comes back with every value as typed and the similar incidents found for them.
 */
@Path("/incidents/new/similar")
@RolesAllowed(Role.EDIT)
public class SimilarFormResource {

    @Inject
    @Location("IncidentResource/form")
    Template form;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance check(@BeanParam IncidentForm typed) {
        return form.data("form", typed).data("errors", Map.of()).data("incident", null).data("action", "/incidents")
                .data("conflict", null).data("checkedSimilar", true);
    }
}
