package io.hindsight.remediation;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.checklist.ChecklistService;
import io.hindsight.checklist.IncidentChecklistItem;
import io.hindsight.system.ScheduledRuns;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Keeps chasing fixes after the incident closes: every morning it announces the overdue and
 * due-soon action items and the re-verifications that are due. Notifications listen for it.
 *
 * <p>Every instance runs the schedule; the digest of a day is announced once, by the instance that claims
 * the day ({@link ScheduledRuns}) in the transaction that writes the outbox rows.
 */
@ApplicationScoped
public class DailyDigest {

    /** The job name of the scheduled announcement in {@code scheduled_run}. */
    public static final String JOB = "daily-digest";
    private static final Logger LOG = Logger.getLogger(DailyDigest.class);

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

    @Inject
    ScheduledRuns runs;

    @Scheduled(cron = "{hindsight.digest.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "daily-digest")
    void everyMorning() {
        if (announceOnce().isEmpty()) {
            LOG.debug("Today's digest was already announced (by this or another instance)");
        }
    }

    /**
     * The scheduled announcement: today's digest unless it was announced already, on this instance or any other
     * sharing the database. The claim and the outbox rows commit together, or neither does.
     */
    @Transactional
    public Optional<Due> announceOnce() {
        if (!runs.claim(JOB, actions.today().toString())) {
            return Optional.empty();
        }
        return Optional.of(announce());
    }

    /** Collects what is due and announces it inside one transaction (where outbox rows are written). */
    @Transactional
    public Due announce() {
        Due due = new Due(actions.today(), actions.overdueOrDueSoon(), checklists.reverificationsDue(200));
        announced.fire(due);
        return due;
    }
}
