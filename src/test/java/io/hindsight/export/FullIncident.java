package io.hindsight.export;

import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.checklist.ChecklistTemplate;
import io.hindsight.checklist.IncidentChecklist;
import io.hindsight.checklist.IncidentChecklistItem;
import io.hindsight.checklist.ItemState;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.incident.TimelineEntry;
import io.hindsight.incident.TimelineKind;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemStatus;
import io.hindsight.postmortem.PostmortemTemplate;
import io.hindsight.postmortem.Section;
import io.hindsight.review.Reviewer;
import io.hindsight.review.SectionNotApplicable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One incident with everything a report shows — timeline, a published postmortem with a section
 * marked not applicable, reviewers, action items in every state, a checklist in every state — with
 * fixed names and times. Built as entities, so a test can write its report straight from memory or
 * persist the same graph and export it through HTTP; both must give the golden file.
 */
public final class FullIncident {

    /** The id the golden file shows; a persisted copy gets whatever id the database gives it. */
    public static final long GOLDEN_ID = 42;

    final User ada = user("Ada Lovelace");
    final User grace = user("Grace Hopper");
    public final User sam = user("Sam Okafor");
    final Incident incident = new Incident();
    public final Postmortem postmortem = new Postmortem();
    final List<SectionNotApplicable> notApplicable = new ArrayList<>();
    final List<Reviewer> reviewers = new ArrayList<>();
    final List<ActionItem> actionItems = new ArrayList<>();
    final ChecklistTemplate checklistTemplate = new ChecklistTemplate();
    final IncidentChecklist checklist = new IncidentChecklist();

    public FullIncident() {
        incident.title = "Checkout timed out after the 09:25 deploy";
        incident.summary = "Checkout requests timed out for some customers after a deploy.";
        incident.severity = Severity.SEV2;
        incident.status = IncidentStatus.PUBLISHED;
        incident.startedAt = at("2026-03-14T09:30:00Z");
        incident.detectedAt = at("2026-03-14T09:42:00Z");
        incident.mitigatedAt = at("2026-03-14T10:05:00Z");
        incident.resolvedAt = at("2026-03-14T10:40:00Z");
        incident.customerImpact = "About a third of checkout attempts failed for 35 minutes.";
        incident.affectedServices = new ArrayList<>(List.of("checkout", "orders-db"));
        incident.tags = new ArrayList<>(List.of("deploys", "database"));
        incident.createdAt = at("2026-03-14T09:45:00Z");
        incident.updatedAt = at("2026-03-20T16:00:00Z");
        // Recorded out of order on purpose: the report sorts by time.
        moment("2026-03-14T09:42:00Z", TimelineKind.DETECTION, "Alert: checkout p99 latency above 10 s");
        moment("2026-03-14T09:30:00Z", TimelineKind.OBSERVATION, "Deploy 2026.03.14-2 starts; an index build begins on orders");
        moment("2026-03-14T10:05:00Z", TimelineKind.ACTION, "Rolled back the deploy; latency recovered within a minute");
        moment("2026-03-14T09:50:00Z", TimelineKind.COMMUNICATION, "Status page: checkout degraded");

        postmortem.incident = incident;
        postmortem.summary = "For **35 minutes** after the 09:25 deploy, checkout requests timed out for about a third of customers.\r\n"
                + "The deploy built an index that held a lock on `orders`.\r\n";
        postmortem.impact = "- About 1,200 checkouts failed\n- No orders or payments were lost";
        postmortem.timelineNotes = "We rolled back at 10:05; the lock graph made the cause plain.";
        postmortem.laugh = "The dashboard that would have shown the lock was itself waiting on the lock.";
        postmortem.learn = """
                ### What went well
                - The rollback took two minutes

                ### Lessons
                - Index builds on hot tables belong in their own deploy step, run `CONCURRENTLY`.
                - A lock-wait alert tells us before customers do.

                ### Contributing factors
                - [x] Schema change on a hot table
                - [ ] Missing alert
                """;
        postmortem.fix = "```sql\nCREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n```";
        postmortem.share = "";
        postmortem.status = PostmortemStatus.PUBLISHED;
        postmortem.template = new PostmortemTemplate();
        postmortem.template.slug = "general";
        postmortem.publishedAt = at("2026-03-20T16:00:00Z");
        postmortem.createdAt = at("2026-03-15T08:00:00Z");
        postmortem.updatedAt = at("2026-03-20T16:00:00Z");

        SectionNotApplicable share = new SectionNotApplicable();
        share.postmortem = postmortem;
        share.section = Section.SHARE;
        share.reason = "Shared in the weekly incident review; nothing more to send.";
        notApplicable.add(share);
        reviewer(ada, Reviewer.Decision.APPROVED);
        reviewer(grace, Reviewer.Decision.PENDING);

        action("Alert on lock waits over 30 seconds", sam, LocalDate.parse("2026-03-21"), ActionItem.Priority.P1,
                ActionItem.Kind.DETECT, ActionItem.Status.DONE, "", "https://tracker.example.com/OPS-101", "2026-03-16T09:00:00Z");
        action("Run index builds in a separate deploy step", sam, LocalDate.parse("2026-04-15"), ActionItem.Priority.P2,
                ActionItem.Kind.PREVENT, ActionItem.Status.IN_PROGRESS, "", null, "2026-03-16T09:05:00Z");
        action("Rewrite the checkout service", null, null, ActionItem.Priority.P3, ActionItem.Kind.PREVENT,
                ActionItem.Status.WONT_DO, "Out of proportion to the risk; the two items above cover it.", null,
                "2026-03-16T09:10:00Z");

        checklistTemplate.slug = "export-golden-" + UUID.randomUUID().toString().substring(0, 8);
        checklistTemplate.version = 1;
        checklistTemplate.name = "Config and deploy change safety";
        checklistTemplate.failurePattern = "A configuration change or deploy caused the incident.";
        checklistTemplate.current = true;
        checklistTemplate.createdAt = at("2026-01-01T00:00:00Z");
        checklist.incident = incident;
        checklist.template = checklistTemplate;
        checklist.slug = checklistTemplate.slug;
        checklist.attachedAt = at("2026-03-16T10:00:00Z");
        checklistItem(1, "Schema changes on large tables run without long locks", ItemState.DONE,
                "Checked with `lock_timeout` in staging; see OPS-102.");
        checklistItem(2, "The deploy can be rolled back in under five minutes", ItemState.DONE, "");
        checklistItem(3, "Feature flags guard risky changes", ItemState.NOT_APPLICABLE, "No feature code changed in this deploy.");
        checklistItem(4, "Dashboards show lock waits", ItemState.OPEN, "");
    }

    /** The report's contents straight from memory, with the golden id. */
    public ReportContents contents() {
        incident.id = GOLDEN_ID;
        Map<Section, String> na = new EnumMap<>(Section.class);
        notApplicable.forEach(n -> na.put(n.section, n.reason));
        return new ReportContents(incident, postmortem, na,
                reviewers.stream().map(r -> new ReportContents.ReviewerDecision(r.user.name, r.decision.name())).toList(),
                actionItems, List.of(checklist));
    }

    /** Stores the whole graph; call inside a transaction. Returns the incident's id. */
    long persist() {
        for (User user : List.of(ada, grace, sam)) {
            user.persist();
        }
        checklistTemplate.persist();
        incident.persist();
        postmortem.template = PostmortemTemplate.findBySlug("general").orElseThrow();
        postmortem.persist();
        notApplicable.forEach(n -> n.persist());
        reviewers.forEach(r -> r.persist());
        actionItems.forEach(a -> a.persist());
        checklist.persist();
        return incident.id;
    }

    private void moment(String at, TimelineKind kind, String description) {
        TimelineEntry entry = new TimelineEntry();
        entry.incident = incident;
        entry.occurredAt = at(at);
        entry.kind = kind;
        entry.description = description;
        entry.createdAt = entry.occurredAt;
        incident.timeline.add(entry);
    }

    private void reviewer(User user, Reviewer.Decision decision) {
        Reviewer reviewer = new Reviewer();
        reviewer.postmortem = postmortem;
        reviewer.user = user;
        reviewer.decision = decision;
        reviewer.decidedAt = decision == Reviewer.Decision.PENDING ? null : at("2026-03-19T12:00:00Z");
        reviewers.add(reviewer);
    }

    private void action(String title, User owner, LocalDate due, ActionItem.Priority priority, ActionItem.Kind kind,
                        ActionItem.Status status, String reason, String trackerUrl, String createdAt) {
        ActionItem item = new ActionItem();
        item.incident = incident;
        item.title = title;
        item.owner = owner;
        item.dueOn = due;
        item.priority = priority;
        item.kind = kind;
        item.status = status;
        item.reason = reason;
        item.trackerUrl = trackerUrl;
        item.createdAt = at(createdAt);
        item.updatedAt = item.createdAt;
        item.completedAt = status.pending() ? null : at("2026-03-19T15:00:00Z");
        actionItems.add(item);
    }

    private void checklistItem(int position, String text, ItemState state, String note) {
        IncidentChecklistItem item = new IncidentChecklistItem();
        item.checklist = checklist;
        item.position = position;
        item.text = text;
        item.state = state;
        item.note = note;
        item.changedAt = state == ItemState.OPEN ? null : at("2026-03-18T11:00:00Z");
        checklist.items.add(item);
    }

    private static User user(String name) {
        User user = new User();
        user.name = name;
        user.email = "export-" + UUID.randomUUID().toString().substring(0, 8) + "@test.hindsight.example";
        user.role = Role.EDITOR;
        user.passwordHash = "not-a-hash: this person never signs in";
        user.createdAt = at("2026-01-01T00:00:00Z");
        user.passwordChangedAt = user.createdAt;
        return user;
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
