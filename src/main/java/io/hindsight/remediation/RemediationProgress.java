package io.hindsight.remediation;

import io.hindsight.actionitem.ActionItemService;
import io.hindsight.checklist.ChecklistService;
import io.hindsight.incident.Incident;
import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

/** How far the fixes of an incident have come, for its overview: {@code {incident.remediation}}. */
@TemplateExtension
public class RemediationProgress {

    /** Checklist items settled and action items closed, out of their totals. */
    public record Summary(long checklistSettled, long checklistTotal, long actionsClosed, long actionsTotal) {
        public boolean empty() {
            return checklistTotal == 0 && actionsTotal == 0;
        }
    }

    static Summary remediation(Incident incident) {
        long[] checklist = Arc.container().instance(ChecklistService.class).get().progress(incident.id);
        long[] actions = Arc.container().instance(ActionItemService.class).get().progress(incident.id);
        return new Summary(checklist[0], checklist[1], actions[0], actions[1]);
    }
}
