package io.hindsight.similar;

import io.hindsight.incident.IncidentForm;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.Arrays;
import java.util.List;

/**
 * The new-incident form's suggestions: {@code inject:similarSuggestions.of(form)} gives the incidents most like what
 * has been typed so far (none before a title is typed).
 */
@Named("similarSuggestions")
@RequestScoped
public class SimilarSuggestions {

    @Inject
    SimilarIncidents similar;

    public List<SimilarIncident> of(IncidentForm form) {
        if (form == null || form.title == null || form.title.isBlank()) {
            return List.of();
        }
        return similar.of(SimilarIncidents.Subject.draft(form.title, form.summary, split(form.affectedServices),
                split(form.tags)), SimilarIncidents.PANEL);
    }

    static List<String> split(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split("[,\\n]")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
