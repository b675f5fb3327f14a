package io.hindsight.remediation;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.checklist.ChecklistService;
import io.hindsight.checklist.IncidentChecklistItem;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.List;

/**
 * Keeps chasing fixes after the incident closes: every morning it announces the overdue and
 * due-soon action items and the re-verifications that are due. Notifications listen for it.
 */
@ApplicationScoped
public class DailyDigest {

    /** What is waiting today; announced even when empty, so listeners may say "all clear". */
    public record Due(LocalDate day, List<ActionItem> actionItems, List<IncidentChecklistItem> reverifications) {
        public boolean isEmpty() {
            return actionItems.isEmpty() && reverifications.isEmpty();
        }
    }

    @Inject
    ActionItemService actions;

    @Inject
    ChecklistService checklists;

    @Inject
    Event<Due> announced;

    @Scheduled(cron = "{hindsight.digest.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "daily-digest")
    void everyMorning() {
        announce();
    }

    /** Collects what is due and announces it inside one transaction (where outbox rows are written). */
    @Transactional
    public Due announce() {
        Due due = new Due(actions.today(), actions.overdueOrDueSoon(), checklists.reverificationsDue(200));
        announced.fire(due);
        return due;
    }
}
