package io.hindsight.notify;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.checklist.IncidentChecklistItem;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.lesson.Lesson;
import io.hindsight.postmortem.Contributor;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.remediation.DailyDigest;
import io.hindsight.review.ChangesRequested;
import io.hindsight.review.ReadyForAnotherLook;
import io.hindsight.review.Reviewer;
import io.hindsight.web.PublicUrl;
import io.hindsight.web.TimeFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each event says in Slack. Written when the event happens (inside its transaction), so the
 * message tells what was true then, with a link back to the portal at {@code hindsight.public-base-url}.
 */
@ApplicationScoped
public class NotificationMessages {

    /** Items per list in the digest before "…and N more". */
    static final int DIGEST_CAP = 10;
    static final int TOP_LESSONS = 3;

    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s*(?:[-*+]|\\d+[.)])\\s+(?:\\[[ xX]\\]\\s+)?(.+?)\\s*$");

    @Inject
    Clock clock;

    @Inject
    PublicUrl publicUrl;

    public SlackMessage incidentDeclared(Incident incident) {
        String url = link("/incidents/" + incident.id);
        return SlackMessage.builder(incident.severity + " incident declared: " + incident.title + " — " + url)
                .header(incident.severity + " incident declared: " + incident.title)
                .fields(incidentFields(incident))
                .section("Summary", incident.summary)
                .section("Customer impact", incident.customerImpact)
                .button("Open incident", url)
                .build();
    }

    /**
     * One message for a whole import: past incidents brought in from files, said to be imported (never
     * "declared", and without an ongoing duration), each with its severity, start date and link.
     */
    public SlackMessage incidentsImported(List<Incident> incidents, String importer) {
        String count = incidents.size() + (incidents.size() == 1 ? " past incident" : " past incidents");
        String url = link("/incidents");
        List<SlackMessage.Entry> entries = new ArrayList<>();
        for (Incident incident : incidents) {
            String started = incident.startedAt == null ? null
                    : "started " + LocalDate.ofInstant(incident.startedAt, ZoneOffset.UTC);
            entries.add(new SlackMessage.Entry((incident.severity == null ? "" : incident.severity + " · ") + incident.title,
                    link("/incidents/" + incident.id), started));
        }
        return SlackMessage.builder("Imported " + count + " into Hindsight" + (importer == null ? "" : " (by " + importer + ")") + " — " + url)
                .header("Imported " + count)
                .section(null, "Brought in from Markdown files" + (importer == null ? "" : " by " + importer)
                        + ". These are records of earlier incidents, not new ones.")
                .list(null, entries, DIGEST_CAP)
                .button("Open incidents", url)
                .build();
    }

    public SlackMessage severityChanged(Incident incident, Severity previous) {
        String url = link("/incidents/" + incident.id);
        String change = (previous == null ? "?" : previous.name()) + " → " + incident.severity;
        return SlackMessage.builder("Severity " + change + ": " + incident.title + " — " + url)
                .header("Severity " + change + ": " + incident.title)
                .fields(incidentFields(incident))
                .section("Summary", incident.summary)
                .button("Open incident", url)
                .build();
    }

    public SlackMessage statusChanged(Incident incident, IncidentStatus previous) {
        String url = link("/incidents/" + incident.id);
        String change = (previous == null ? "?" : previous.label()) + " → " + incident.status.label();
        return SlackMessage.builder(incident.title + " is now " + incident.status.label() + " (was "
                        + (previous == null ? "?" : previous.label()) + ") — " + url)
                .header(change + ": " + incident.title)
                .fields(incidentFields(incident))
                .section("Summary", incident.summary)
                .button("Open incident", url)
                .build();
    }

    public SlackMessage postmortemInReview(Postmortem postmortem) {
        Incident incident = postmortem.incident;
        String url = link("/incidents/" + incident.id + "/postmortem/review");
        List<String> reviewers = Reviewer.listWithPeople(postmortem.id).stream().map(r -> r.user.name).toList();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Severity", severity(incident.severity));
        fields.put("Reviewers", reviewers.isEmpty() ? "—" : String.join(", ", reviewers));
        return SlackMessage.builder("The postmortem of " + incident.title + " is ready for review — " + url)
                .header("Postmortem ready for review: " + incident.title)
                .fields(fields)
                .markdown("Summary", postmortem.summary)
                .button("Review the postmortem", url)
                .build();
    }

    public SlackMessage changesRequested(ChangesRequested event) {
        Postmortem postmortem = event.postmortem();
        Incident incident = postmortem.incident;
        String url = link("/incidents/" + incident.id + "/postmortem/review");
        String reviewer = event.reviewer().name;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Severity", severity(incident.severity));
        fields.put("Reviewer", reviewer);
        fields.put("Comments", String.valueOf(event.comments()));
        fields.put("Written by", String.join(", ", Contributor.ofPostmortem(postmortem.id).stream().map(c -> c.user.name).toList()));
        return SlackMessage.builder(reviewer + " asked for changes on the postmortem of " + incident.title + " — " + url)
                .header("Changes requested: " + incident.title)
                .fields(fields)
                .button("Read the comments", url)
                .build();
    }

    public SlackMessage readyForAnotherLook(ReadyForAnotherLook event) {
        Postmortem postmortem = event.postmortem();
        Incident incident = postmortem.incident;
        String url = link("/incidents/" + incident.id + "/postmortem/review");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Severity", severity(incident.severity));
        fields.put("Reviewers", String.join(", ", event.reviewers().stream().map(u -> u.name).toList()));
        return SlackMessage.builder("The postmortem of " + incident.title + " is ready for another look — " + url)
                .header("Postmortem ready for another look: " + incident.title)
                .fields(fields)
                .markdown("Summary", postmortem.summary)
                .button("Review the postmortem", url)
                .build();
    }

    public SlackMessage postmortemPublished(Postmortem postmortem) {
        Incident incident = postmortem.incident;
        String url = link("/incidents/" + incident.id + "/postmortem");
        String shared = postmortem.share == null || postmortem.share.isBlank() ? postmortem.summary : postmortem.share;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Severity", severity(incident.severity));
        fields.put("Duration", duration(incident));
        return SlackMessage.builder("Postmortem published: " + incident.title + " — " + url)
                .header("Postmortem published: " + incident.title)
                .fields(fields)
                .markdown("Summary", shared)
                .list("Top lessons", topLessons(postmortem.learn), TOP_LESSONS)
                .button("Read the postmortem", url)
                .build();
    }

    public SlackMessage actionItemAssigned(ActionItem item) {
        Incident incident = item.incident;
        String url = link("/incidents/" + incident.id + "/action-items");
        String owner = item.owner == null ? "nobody" : item.owner.name;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Owner", owner);
        fields.put("Due", item.dueOn == null ? "no due date" : item.dueOn.toString());
        fields.put("Priority", item.priority == null ? null : item.priority.name());
        fields.put("Kind", item.kind == null ? null : item.kind.label());
        fields.put("Incident", incident.title);
        return SlackMessage.builder("Action item assigned to " + owner + ": " + item.title + " — " + url)
                .header("Action item for " + owner + ": " + item.title)
                .fields(fields)
                .button("Open action items", url)
                .build();
    }

    public SlackMessage dailyDigest(DailyDigest.Due due) {
        String url = link("/action-items");
        if (due.isEmpty()) {
            return SlackMessage.builder("Daily digest " + due.day() + ": all clear, nothing overdue or due this week.")
                    .header("Daily digest " + due.day() + ": all clear")
                    .section(null, "No action item is overdue or due within a week, and no re-verification is due.")
                    .button("Open action items", url)
                    .build();
        }
        List<SlackMessage.Entry> overdue = new ArrayList<>();
        List<SlackMessage.Entry> dueSoon = new ArrayList<>();
        for (ActionItem item : due.actionItems()) {
            String detail = (item.owner == null ? "no owner" : item.owner.name) + ", due " + item.dueOn;
            SlackMessage.Entry entry = new SlackMessage.Entry(item.title, link("/incidents/" + item.incident.id + "/action-items"),
                    detail + " (" + item.incident.title + ")");
            (item.overdueOn(due.day()) ? overdue : dueSoon).add(entry);
        }
        List<SlackMessage.Entry> reverify = new ArrayList<>();
        for (IncidentChecklistItem check : due.reverifications()) {
            Incident incident = check.checklist.incident;
            reverify.add(new SlackMessage.Entry(check.text, link("/incidents/" + incident.id + "/checklists"),
                    "due " + LocalDate.ofInstant(check.reverifyDueAt, ZoneOffset.UTC)
                            + " (" + incident.title + ")"));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Overdue", String.valueOf(overdue.size()));
        fields.put("Due within a week", String.valueOf(dueSoon.size()));
        fields.put("Re-verifications due", String.valueOf(reverify.size()));
        return SlackMessage.builder("Daily digest " + due.day() + ": " + overdue.size() + " overdue, " + dueSoon.size()
                        + " due soon, " + reverify.size() + " re-verifications due — " + url)
                .header("Daily digest " + due.day())
                .fields(fields)
                .list("Overdue action items", overdue, DIGEST_CAP)
                .list("Due within a week", dueSoon, DIGEST_CAP)
                .list("Re-verifications due", reverify, DIGEST_CAP)
                .button("Open action items", url)
                .build();
    }

    /** What an admin's "Send test message" posts. */
    public SlackMessage test(String destinationName) {
        return SlackMessage.builder("Test message from Hindsight for " + destinationName)
                .header("Hindsight is connected")
                .section(null, "This is a test message for the destination \"" + destinationName
                        + "\". Incident notifications will arrive here.")
                .button("Open Hindsight", link("/"))
                .build();
    }

    /** The list items of the "Lessons" subsection of Learn; its first paragraph when it has no list. */
    static List<SlackMessage.Entry> topLessons(String learn) {
        String lessons = Lesson.subsection(learn == null ? "" : learn, "lessons");
        List<SlackMessage.Entry> entries = new ArrayList<>();
        Matcher item = LIST_ITEM.matcher(lessons);
        while (item.find()) {
            entries.add(SlackMessage.Entry.of(item.group(1).replace("**", "")));
        }
        if (entries.isEmpty() && !lessons.isBlank()) {
            entries.add(SlackMessage.Entry.of(lessons.split("\\n\\s*\\n", 2)[0].replaceAll("\\s+", " ").strip()));
        }
        return entries;
    }

    private Map<String, String> incidentFields(Incident incident) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Severity", severity(incident.severity));
        fields.put("Status", incident.status == null ? null : incident.status.label());
        fields.put("Duration", duration(incident));
        if (incident.affectedServices != null && !incident.affectedServices.isEmpty()) {
            fields.put("Services", String.join(", ", incident.affectedServices));
        }
        return fields;
    }

    private static String severity(Severity severity) {
        return severity == null ? null : severity.name() + " · " + severity.label();
    }

    /** From the start until resolved, or "ongoing for" until now. */
    private String duration(Incident incident) {
        if (incident.startedAt == null) {
            return null;
        }
        Instant end = incident.resolvedAt;
        Duration lasted = Duration.between(incident.startedAt, end == null ? clock.instant() : end);
        return end == null ? "ongoing for " + TimeFormat.human(lasted) : TimeFormat.human(lasted);
    }

    private String link(String path) {
        return publicUrl.of(path);
    }
}
