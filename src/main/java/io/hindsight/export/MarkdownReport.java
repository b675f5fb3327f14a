package io.hindsight.export;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.checklist.IncidentChecklist;
import io.hindsight.checklist.IncidentChecklistItem;
import io.hindsight.checklist.ItemState;
import io.hindsight.incident.Incident;
import io.hindsight.incident.TimelineEntry;
import io.hindsight.lesson.Lesson;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.Section;
import io.hindsight.web.TimeFormat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An incident and its postmortem as one GitHub-flavoured Markdown file: YAML front matter for
 * programs, then the report for people — the lessons first (as the Lessons library shows them),
 * the postmortem's sections in template order, action items and checklists as task lists, and the
 * incident as it was recorded.
 *
 * <p>Deterministic: the same contents give the same bytes. Nothing depends on the clock, the time
 * zone or the locale; times are ISO-8601 UTC; every list is sorted here; lines end in LF and the
 * file in one newline. People's one-line text goes through {@link InlineText}, their Markdown
 * through {@link ContainedMarkdown}, and front-matter values through {@link FrontMatter}.
 */
public final class MarkdownReport {

    /** The report's own headings besides the sections' ({@link #heading(Section)}); an import finds its way by them. */
    public static final String LESSONS = "## Lessons";
    public static final String ACTION_ITEMS = "## Action items";
    public static final String CHECKLISTS = "## Checklists";
    public static final String INCIDENT_RECORD = "## Incident record";

    private static final Pattern SAFE_LINK = Pattern.compile("https?://[^\\s<>\\\\]+");

    private final ReportContents contents;
    private final Incident incident;
    private final Postmortem postmortem;
    private final List<String> blocks = new ArrayList<>();

    private MarkdownReport(ReportContents contents) {
        this.contents = contents;
        this.incident = contents.incident();
        this.postmortem = contents.postmortem();
    }

    public static String of(ReportContents contents) {
        return new MarkdownReport(contents).write();
    }

    private String write() {
        blocks.add(frontMatter());
        blocks.add("# " + orElse(InlineText.escape(incident.title), "Untitled incident"));
        if (postmortem == null) {
            blocks.add("_No postmortem has been started for this incident yet._");
        }
        lessons();
        for (Section section : Section.values()) {
            section(section);
        }
        actionItems();
        checklists();
        incidentRecord();
        return String.join("\n\n", blocks) + "\n";
    }

    private String frontMatter() {
        List<Map<String, String>> reviewers = contents.reviewers().stream().map(r -> {
            Map<String, String> mapping = new LinkedHashMap<>();
            mapping.put("name", r.name());
            mapping.put("decision", r.decision());
            return mapping;
        }).toList();
        FrontMatter front = new FrontMatter()
                .number("id", incident.id)
                .string("title", incident.title)
                .string("severity", name(incident.severity))
                .string("status", name(incident.status))
                .string("postmortem_status", postmortem == null ? null : name(postmortem.status))
                .string("template", postmortem == null || postmortem.template == null ? null : postmortem.template.slug)
                .string("started", time(incident.startedAt))
                .string("detected", time(incident.detectedAt))
                .string("mitigated", time(incident.mitigatedAt))
                .string("resolved", time(incident.resolvedAt))
                .string("time_to_detect", duration(incident.timeToDetect()))
                .string("time_to_mitigate", duration(incident.timeToMitigate()))
                .string("time_to_resolve", duration(incident.timeToResolve()))
                .strings("services", incident.affectedServices)
                .strings("tags", incident.tags);
        if (contents.contributors().isEmpty()) {
            front.comment("No authors are claimed, and nobody has saved a postmortem for it in Hindsight to list as a contributor;")
                    .comment("the people asked to review it, and what they decided, are listed under reviewers.")
                    .strings("authors", List.of());
        } else {
            front.comment("No authors are claimed; contributors are the people who saved the postmortem in Hindsight,")
                    .comment("in the order they first did; the people asked to review it, and what they decided, are listed under reviewers.")
                    .strings("authors", List.of())
                    .strings("contributors", contents.contributors());
        }
        return front.mappings("reviewers", reviewers)
                .string("published", postmortem == null ? null : time(postmortem.publishedAt))
                .end();
    }

    /** A section's heading: its title, and its habit when it has one ({@code ## Laugh — Tell the story kindly}). */
    public static String heading(Section section) {
        return "## " + section.title() + (section.habit() == null ? "" : " — " + section.habit());
    }

    private void lessons() {
        blocks.add(LESSONS);
        String lessons = postmortem == null ? "" : ContainedMarkdown.of(Lesson.lessonsIn(postmortem.learn));
        blocks.add(lessons.isEmpty() ? "_No lessons written yet._" : lessons);
    }

    private void section(Section section) {
        blocks.add(heading(section));
        if (section == Section.TIMELINE) {
            timeline();
        }
        String reason = contents.notApplicable().get(section);
        if (reason != null) {
            blocks.add("**Not applicable:** " + InlineText.escape(reason));
        }
        String body = postmortem == null ? "" : ContainedMarkdown.of(postmortem.text(section));
        if (!body.isEmpty()) {
            blocks.add(body);
        } else if (reason == null && section != Section.TIMELINE) {
            blocks.add("_Not written yet._");
        }
    }

    private void timeline() {
        List<TimelineEntry> entries = sorted(incident.timeline,
                Comparator.comparing((TimelineEntry e) -> e.occurredAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(e -> e.id, Comparator.nullsLast(Comparator.naturalOrder())));
        if (entries.isEmpty()) {
            blocks.add("_No timeline entries recorded._");
            return;
        }
        StringBuilder table = new StringBuilder("| When (UTC) | Kind | What happened |\n| --- | --- | --- |");
        for (TimelineEntry entry : entries) {
            table.append("\n| ").append(orElse(time(entry.occurredAt), ""))
                    .append(" | ").append(entry.kind == null ? "" : entry.kind.label())
                    .append(" | ").append(InlineText.cell(entry.description)).append(" |");
        }
        blocks.add(table.toString());
    }

    private void actionItems() {
        blocks.add(ACTION_ITEMS);
        List<ActionItem> items = sorted(contents.actionItems(),
                Comparator.comparing((ActionItem a) -> a.createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(a -> a.id, Comparator.nullsLast(Comparator.naturalOrder())));
        if (items.isEmpty()) {
            String reason = postmortem == null ? "" : orElse(postmortem.noActionReason, "").strip();
            blocks.add(reason.isEmpty() ? "_No action items yet._" : "**No action items:** " + InlineText.escape(reason));
            return;
        }
        List<String> lines = new ArrayList<>();
        for (ActionItem item : items) {
            List<String> facts = new ArrayList<>();
            facts.add("owner: " + (item.owner == null ? "unassigned" : InlineText.escape(item.owner.name)));
            facts.add(item.dueOn == null ? "no due date" : "due " + item.dueOn);
            facts.add(orElse(name(item.priority), ""));
            facts.add(item.kind == null ? "" : item.kind.label());
            String reason = orElse(item.reason, "").strip();
            facts.add(item.status == null ? "" : item.status.label()
                    + (item.status == ActionItem.Status.WONT_DO && !reason.isEmpty() ? ": " + InlineText.escape(reason) : ""));
            if (item.trackerUrl != null && !item.trackerUrl.isBlank()) {
                facts.add("tracker: " + link(item.trackerUrl.strip()));
            }
            facts.removeIf(String::isEmpty);
            lines.add(task(item.status == ActionItem.Status.DONE, InlineText.escape(item.title) + " — " + String.join(" · ", facts)));
        }
        blocks.add(String.join("\n", lines));
    }

    /**
     * Each checklist with its progress. Settled items (done, or not applicable with a reason) are
     * ticked, as the progress counts them; the state says which.
     */
    private void checklists() {
        blocks.add(CHECKLISTS);
        List<IncidentChecklist> checklists = sorted(contents.checklists(),
                Comparator.comparing((IncidentChecklist c) -> c.attachedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(c -> c.id, Comparator.nullsLast(Comparator.naturalOrder())));
        if (checklists.isEmpty()) {
            blocks.add("_No checklists attached._");
            return;
        }
        for (IncidentChecklist checklist : checklists) {
            String name = checklist.template == null ? checklist.slug : checklist.template.name;
            blocks.add("### " + orElse(InlineText.escape(name), "Checklist") + " (" + checklist.settled() + "/"
                    + checklist.items.size() + ")");
            List<IncidentChecklistItem> items = sorted(checklist.items,
                    Comparator.comparingInt((IncidentChecklistItem i) -> i.position)
                            .thenComparing(i -> i.id, Comparator.nullsLast(Comparator.naturalOrder())));
            if (items.isEmpty()) {
                blocks.add("_No items._");
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (IncidentChecklistItem item : items) {
                String note = InlineText.escape(item.note);
                lines.add(task(item.state != ItemState.OPEN,
                        InlineText.escape(item.text) + " — " + item.state.label() + (note.isEmpty() ? "" : ": " + note)));
            }
            blocks.add(String.join("\n", lines));
        }
    }

    /** The incident as the responders recorded it, readable without a front-matter viewer. */
    private void incidentRecord() {
        blocks.add(INCIDENT_RECORD);
        List<String> facts = new ArrayList<>();
        facts.add("- Severity: " + (incident.severity == null ? "unknown"
                : incident.severity.name() + " (" + incident.severity.label() + ")"));
        facts.add("- Status: " + (incident.status == null ? "unknown" : incident.status.label()));
        facts.add("- Impact started: " + orElse(time(incident.startedAt), "not recorded"));
        facts.add("- Detected: " + moment(incident.detectedAt, incident.timeToDetect()));
        facts.add("- Mitigated: " + moment(incident.mitigatedAt, incident.timeToMitigate()));
        facts.add("- Resolved: " + moment(incident.resolvedAt, incident.timeToResolve()));
        facts.add("- Affected services: " + joined(incident.affectedServices));
        facts.add("- Tags: " + joined(incident.tags));
        blocks.add(String.join("\n", facts));
        recorded("Summary", incident.summary);
        recorded("Customer impact", incident.customerImpact);
    }

    private void recorded(String title, String markdown) {
        String body = ContainedMarkdown.of(markdown);
        if (!body.isEmpty()) {
            blocks.add("### " + title);
            blocks.add(body);
        }
    }

    private static String moment(Instant at, Optional<Duration> sinceStart) {
        return at == null ? "not yet" : time(at) + sinceStart.map(d -> " (" + TimeFormat.human(d) + " after the start)").orElse("");
    }

    private static String joined(List<String> values) {
        List<String> escaped = values == null ? List.of() : values.stream().map(InlineText::escape).filter(v -> !v.isEmpty()).toList();
        return escaped.isEmpty() ? "none" : String.join(", ", escaped);
    }

    private static String task(boolean ticked, String text) {
        return "- [" + (ticked ? "x" : " ") + "] " + text;
    }

    /** An autolink when the address is plainly http(s); otherwise the address as escaped text, never a link. */
    private static String link(String url) {
        return SAFE_LINK.matcher(url).matches() ? "<" + url + ">" : InlineText.escape(url);
    }

    private static String time(Instant at) {
        return at == null ? null : at.toString();
    }

    private static String duration(Optional<Duration> duration) {
        return duration.map(Duration::toString).orElse(null);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        return list == null ? List.of() : list.stream().sorted(order).toList();
    }
}
