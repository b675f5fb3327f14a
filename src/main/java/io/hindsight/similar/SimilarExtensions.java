package io.hindsight.similar;

import io.hindsight.incident.Incident;
import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

import java.util.List;

/**
 * The incident page's "This happened before" panel: {@code {incident.similar}} (two statements) and
 * {@code {incident.recurrences}} (one statement), each read once per page through {@code #let}.
 */
@TemplateExtension
public class SimilarExtensions {

    static List<SimilarIncident> similar(Incident incident) {
        return Arc.container().instance(SimilarIncidents.class).get().of(incident, SimilarIncidents.PANEL);
    }

    static Recurrences.OfIncident recurrences(Incident incident) {
        return Arc.container().instance(Recurrences.class).get().ofIncident(incident.id);
    }
}
