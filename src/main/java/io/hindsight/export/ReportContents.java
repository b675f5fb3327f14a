package io.hindsight.export;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.checklist.IncidentChecklist;
import io.hindsight.incident.Incident;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.Section;

import java.util.List;
import java.util.Map;

/**
 * Everything one report shows, loaded before it is written, so that {@link MarkdownReport} needs no
 * database and the same contents always give the same bytes.
 *
 * @param postmortem    null when nobody has started one
 * @param notApplicable the sections the authors marked not applicable, with their reasons
 * @param reviewers     the people asked to review the postmortem, in the order they were asked
 * @param contributors  the names of the people who wrote the postmortem, in the order they first edited it
 */
public record ReportContents(Incident incident, Postmortem postmortem, Map<Section, String> notApplicable,
                             List<ReviewerDecision> reviewers, List<ActionItem> actionItems,
                             List<IncidentChecklist> checklists, List<String> contributors) {

    /** Someone asked to review the postmortem, and what they decided ({@code PENDING}, {@code APPROVED}, ...). */
    public record ReviewerDecision(String name, String decision) {
    }

    public ReportContents {
        notApplicable = Map.copyOf(notApplicable);
        reviewers = List.copyOf(reviewers);
        actionItems = List.copyOf(actionItems);
        checklists = List.copyOf(checklists);
        contributors = List.copyOf(contributors);
    }

    /** Contents with nobody recorded as having written the postmortem (reports of postmortems written elsewhere). */
    public ReportContents(Incident incident, Postmortem postmortem, Map<Section, String> notApplicable,
                          List<ReviewerDecision> reviewers, List<ActionItem> actionItems, List<IncidentChecklist> checklists) {
        this(incident, postmortem, notApplicable, reviewers, actionItems, checklists, List.of());
    }

    /** An incident with nothing else recorded about it yet. */
    public static ReportContents of(Incident incident) {
        return new ReportContents(incident, null, Map.of(), List.of(), List.of(), List.of(), List.of());
    }
}
