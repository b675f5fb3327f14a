package io.hindsight.export;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.incident.TimelineKind;
import io.hindsight.postmortem.PostmortemDraft;
import io.hindsight.postmortem.Section;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one Markdown file back into drafts: either a report {@link MarkdownReport} wrote (recognised
 * by its front matter) or a plain postmortem with a {@code #} title and {@code ##} sections. Nothing
 * is written here; the result says what would be created and what could not be read.
 *
 * <p>From an export, these are <em>not</em> imported (derived, or not something a new incident can
 * claim): the id, {@code postmortem_status}, {@code published}, reviewers, the durations, the
 * Lessons block (it is taken from Learn), the checklists, the facts list of the incident record and
 * sections marked not applicable (a warning names them).
 */
public final class MarkdownImport {

    /** An action item as the file describes it; the owner is the text the file shows, matched to a user later. */
    public record ImportedActionItem(String title, boolean done, String owner, LocalDate dueOn, ActionItem.Priority priority,
                                     ActionItem.Kind kind, ActionItem.Status status, String reason, String trackerUrl) {
    }

    /** What one file will create, and everything a person should know before it is; {@code postmortem} is null when an export had none. */
    public record Result(String fileName, boolean export, IncidentDraft incident, PostmortemDraft postmortem,
                         List<TimelineDraft> timeline, List<ImportedActionItem> actionItems,
                         List<String> unmappedHeadings, List<String> warnings, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private static final String RECORDED_SUMMARY = "### Summary";
    private static final String RECORDED_CUSTOMER_IMPACT = "### Customer impact";
    private static final String LEARN_UNMAPPED_HEADING = "Imported sections that could not be mapped";
    private static final Pattern TASK = Pattern.compile("- \\[([ xX])] (.*)");
    private static final Pattern TRACKER = Pattern.compile(" · tracker: (\\S+)$");
    private static final Map<String, Section> SYNONYMS = new LinkedHashMap<>();

    static {
        for (Section s : Section.values()) {
            SYNONYMS.put(key(s.title()), s);
            if (s.habit() != null) {
                SYNONYMS.put(key(s.title() + " — " + s.habit()), s);
                SYNONYMS.put(key(s.habit()), s);
            }
        }
        for (String h : List.of("What happened", "Overview", "Description", "Incident summary", "Executive summary", "TL;DR")) {
            SYNONYMS.put(key(h), Section.SUMMARY);
        }
        for (String h : List.of("Customer impact", "User impact", "Business impact", "Impact assessment")) {
            SYNONYMS.put(key(h), Section.IMPACT);
        }
        for (String h : List.of("Timeline of events", "Sequence of events", "Chronology")) {
            SYNONYMS.put(key(h), Section.TIMELINE);
        }
        for (String h : List.of("Root cause", "Root causes", "Root cause analysis", "Contributing factors", "Lessons learned",
                "Lessons", "What went well", "What went wrong", "Where we got lucky", "Learnings")) {
            SYNONYMS.put(key(h), Section.LEARN);
        }
        for (String h : List.of("Action items", "Remediation", "Remediations", "Follow-ups", "Follow ups", "Next steps",
                "Corrective actions")) {
            SYNONYMS.put(key(h), Section.FIX);
        }
        for (String h : List.of("Communication", "Communications", "Sharing")) {
            SYNONYMS.put(key(h), Section.SHARE);
        }
        for (String h : List.of("Story", "The story")) {
            SYNONYMS.put(key(h), Section.LAUGH);
        }
    }

    private final String fileName;
    private final Instant now;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> unmapped = new ArrayList<>();

    private MarkdownImport(String fileName, Instant now) {
        this.fileName = fileName;
        this.now = now;
    }

    /** @param now what "started" becomes when a file does not say */
    public static Result parse(String fileName, String markdown, Instant now) {
        return new MarkdownImport(fileName, now).read(InlineText.normalizedBreaks(markdown == null ? "" : markdown));
    }

    /** The section a heading names, or null; case-insensitive, with synonyms. */
    public static Section sectionFor(String heading) {
        return SYNONYMS.get(key(heading));
    }

    private static String key(String heading) {
        return heading.strip().replaceAll("[\\s:]+$", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private Result read(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.startsWith("---\n")) {
            int end = text.indexOf("\n---\n", 3);
            if (end < 0 && text.endsWith("\n---")) {
                end = text.length() - 4;
            }
            if (end < 0) {
                errors.add("The front matter starting on line 1 is never closed with ---.");
                return result(false, null, null, List.of(), List.of());
            }
            Map<String, Object> front = frontMatter(text.substring(4, end + 1));
            if (front == null) {
                return result(false, null, null, List.of(), List.of());
            }
            String body = end + 5 <= text.length() ? text.substring(end + 5) : "";
            if (front.containsKey("time_to_detect") || front.containsKey("postmortem_status")) {
                return export(front, body);
            }
            return plain(front, body);
        }
        return plain(Map.of(), text);
    }

    // ---------------------------------------------------------------- the export format

    private Result export(Map<String, Object> front, String body) {
        List<String> expected = new ArrayList<>();
        expected.add(MarkdownReport.LESSONS);
        for (Section s : Section.values()) {
            expected.add(MarkdownReport.heading(s));
        }
        expected.add(MarkdownReport.ACTION_ITEMS);
        expected.add(MarkdownReport.CHECKLISTS);
        expected.add(MarkdownReport.INCIDENT_RECORD);
        // The report's own headings in order, as a CommonMark parser finds them; people's Markdown
        // between them is cut out of the file exactly as written.
        List<MarkdownHeadings.Found> headings = MarkdownHeadings.in(body);
        List<MarkdownHeadings.Found> found = new ArrayList<>();
        int next = 0;
        for (String heading : expected) {
            while (next < headings.size() && !(headings.get(next).level() == 2 && headings.get(next).line().equals(heading))) {
                next++;
            }
            if (next == headings.size()) {
                errors.add("This looks like a Hindsight export, but its \"" + heading + "\" heading is missing.");
                return result(true, null, null, List.of(), List.of());
            }
            found.add(headings.get(next++));
        }
        Map<String, String> blocks = new LinkedHashMap<>();
        for (int i = 0; i < found.size(); i++) {
            int end = i + 1 < found.size() ? found.get(i + 1).start() : body.length();
            blocks.put(expected.get(i), strip(body.substring(found.get(i).end(), end)));
        }
        Map<Section, String> texts = new EnumMap<>(Section.class);
        List<TimelineDraft> timeline = new ArrayList<>();
        for (Section s : Section.values()) {
            String block = blocks.get(MarkdownReport.heading(s));
            if (s == Section.TIMELINE) {
                block = timeline(block, timeline);
            }
            if (block.startsWith("**Not applicable:** ")) {
                int endOfReason = block.indexOf("\n\n");
                String reason = unescape(endOfReason < 0 ? block.substring(20) : block.substring(20, endOfReason));
                warnings.add("The " + s.title() + " section was marked not applicable (\"" + reason
                        + "\"); that is not imported — mark it again after the import.");
                block = endOfReason < 0 ? "" : strip(block.substring(endOfReason + 2));
            }
            if (block.equals("_Not written yet._")) {
                block = "";
            }
            texts.put(s, uncontained(block));
        }
        List<ImportedActionItem> items = actionItems(blocks.get(MarkdownReport.ACTION_ITEMS));
        MarkdownHeadings.Found record = found.get(found.size() - 1);
        MarkdownHeadings.Found summaryHeading = null;
        MarkdownHeadings.Found impactHeading = null;
        for (MarkdownHeadings.Found h : headings) {
            if (h.start() < record.end() || h.level() != 3) {
                continue;
            }
            if (h.line().equals(RECORDED_CUSTOMER_IMPACT)) {
                impactHeading = h;
            } else if (h.line().equals(RECORDED_SUMMARY) && summaryHeading == null && impactHeading == null) {
                summaryHeading = h;
            }
        }
        int recordEnd = impactHeading == null ? body.length() : impactHeading.start();
        String summary = summaryHeading == null ? "" : strip(body.substring(summaryHeading.end(), recordEnd));
        String customerImpact = impactHeading == null ? "" : strip(body.substring(impactHeading.end()));
        IncidentDraft incident = incidentDraft(front, uncontained(summary), uncontained(customerImpact));
        if (!blocks.get(MarkdownReport.CHECKLISTS).equals("_No checklists attached._")) {
            warnings.add("Checklists are not imported; attach them again after the import.");
        }
        List<?> reviewers = front.get("reviewers") instanceof List<?> r ? r : List.of();
        if (!reviewers.isEmpty()) {
            warnings.add("Reviewers and their decisions are not imported; ask for review again.");
        }
        if (front.get("published") instanceof String) {
            warnings.add("The postmortem was published; it is imported as a draft.");
        }
        boolean noPostmortem = front.containsKey("postmortem_status") && front.get("postmortem_status") == null
                && texts.values().stream().allMatch(String::isEmpty);
        return result(true, incident, noPostmortem ? null : draft(texts), timeline, items);
    }

    private String timeline(String block, List<TimelineDraft> timeline) {
        if (block.startsWith("_No timeline entries recorded._")) {
            return strip(block.substring("_No timeline entries recorded._".length()));
        }
        if (!block.startsWith("| When (UTC) | Kind | What happened |\n| --- | --- | --- |")) {
            return block;
        }
        String[] lines = block.split("\n", -1);
        int i = 2;
        for (; i < lines.length && lines[i].startsWith("| "); i++) {
            String line = lines[i];
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ", 3);
            if (cells.length < 3) {
                errors.add("Timeline row " + (i - 1) + " does not have three cells: " + line);
                continue;
            }
            Instant when = instant("timeline row " + (i - 1), cells[0]);
            TimelineKind kind = null;
            for (TimelineKind k : TimelineKind.values()) {
                if (k.label().equalsIgnoreCase(cells[1].strip())) {
                    kind = k;
                }
            }
            if (kind == null) {
                errors.add("Timeline row " + (i - 1) + " has an unknown kind \"" + cells[1] + "\".");
            }
            String description = unescape(cells[2]);
            if (description.isBlank()) {
                errors.add("Timeline row " + (i - 1) + " says nothing happened.");
            }
            if (when == null && !cells[0].isBlank()) {
                continue;
            }
            if (when == null) {
                errors.add("Timeline row " + (i - 1) + " has no time.");
            }
            timeline.add(new TimelineDraft(when, kind, description));
        }
        StringBuilder rest = new StringBuilder();
        for (; i < lines.length; i++) {
            rest.append(lines[i]).append('\n');
        }
        return strip(rest.toString());
    }

    private List<ImportedActionItem> actionItems(String block) {
        List<ImportedActionItem> items = new ArrayList<>();
        if (block.startsWith("**No action items:** ")) {
            warnings.add("The reason for having no action items (\"" + unescape(block.substring(21)) + "\") is not imported; "
                    + "give it again before publishing.");
        }
        if (!block.startsWith("- [")) {
            return items;
        }
        for (String line : block.split("\n")) {
            Matcher task = TASK.matcher(line);
            if (!task.matches()) {
                continue;
            }
            boolean done = !task.group(1).equals(" ");
            String rest = task.group(2);
            int split = rest.indexOf(" — owner: ");
            String title = unescape(split < 0 ? rest : rest.substring(0, split));
            String owner = null;
            LocalDate due = null;
            ActionItem.Priority priority = null;
            ActionItem.Kind kind = null;
            ActionItem.Status status = done ? ActionItem.Status.DONE : ActionItem.Status.OPEN;
            String reason = "";
            String tracker = null;
            if (split >= 0) {
                String written = rest.substring(split + 3);
                Matcher link = TRACKER.matcher(written);
                if (link.find()) {
                    String url = link.group(1);
                    tracker = url.startsWith("<") && url.endsWith(">") ? url.substring(1, url.length() - 1) : unescape(url);
                    written = written.substring(0, link.start());
                }
                List<String> facts = new ArrayList<>(List.of(written.split(" · ", -1)));
                String name = unescape(facts.remove(0).substring(7));
                owner = name.equals("unassigned") ? null : name;
                for (int f = 0; f < facts.size(); f++) {
                    String fact = facts.get(f);
                    if (fact.equals("no due date")) {
                        continue;
                    }
                    if (fact.startsWith("due ")) {
                        try {
                            due = LocalDate.parse(fact.substring(4));
                        } catch (RuntimeException e) {
                            warnings.add("Action item \"" + title + "\": the due date \"" + fact.substring(4) + "\" is not a date; left out.");
                        }
                        continue;
                    }
                    if (fact.matches("P[123]")) {
                        priority = ActionItem.Priority.valueOf(fact);
                        continue;
                    }
                    boolean known = false;
                    for (ActionItem.Kind k : ActionItem.Kind.values()) {
                        if (k.label().equals(fact)) {
                            kind = k;
                            known = true;
                        }
                    }
                    for (ActionItem.Status s : ActionItem.Status.values()) {
                        if (fact.equals(s.label())) {
                            status = s;
                            known = true;
                        } else if (fact.startsWith(s.label() + ": ")) {
                            // The reason is the rest of the line: it may hold " · " itself.
                            status = s;
                            reason = unescape(String.join(" · ", facts.subList(f, facts.size())).substring(s.label().length() + 2));
                            f = facts.size();
                            known = true;
                        }
                    }
                    if (!known) {
                        warnings.add("Action item \"" + title + "\": \"" + fact + "\" was not understood and is left out.");
                    }
                }
            }
            if (priority == null) {
                priority = ActionItem.Priority.P2;
                warnings.add("Action item \"" + title + "\" has no priority; P2 is used.");
            }
            if (kind == null) {
                kind = ActionItem.Kind.PREVENT;
                warnings.add("Action item \"" + title + "\" does not say whether it helps detect, mitigate or prevent; Prevent is used.");
            }
            items.add(new ImportedActionItem(title, done, owner, due, priority, kind, status, reason, tracker));
        }
        return items;
    }

    private IncidentDraft incidentDraft(Map<String, Object> front, String summary, String customerImpact) {
        String title = front.get("title") instanceof String t ? t : null;
        if (title == null || title.isBlank()) {
            errors.add("The file has no title: start it with a line \"# Title\" (or title: in the front matter).");
        }
        Severity severity = enumValue(Severity.class, front.get("severity"), "severity");
        if (severity == null) {
            severity = Severity.SEV3;
            warnings.add("No severity given; SEV3 is used.");
        }
        IncidentStatus status = enumValue(IncidentStatus.class, front.get("status"), "status");
        if (status == null) {
            status = IncidentStatus.RESOLVED;
            warnings.add("No status given; Resolved is used.");
        }
        Instant started = instant("started", front.get("started"));
        if (started == null) {
            started = now;
            warnings.add("No start of impact given; the time of the import (" + now + ") is used.");
        }
        return new IncidentDraft(title, summary, severity, status, started, instant("detected", front.get("detected")),
                instant("mitigated", front.get("mitigated")), instant("resolved", front.get("resolved")), customerImpact,
                strings(front.get("services")), strings(front.get("tags")));
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, Object value, String field) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            warnings.add("The " + field + " \"" + s + "\" is not one Hindsight knows; the default is used.");
            return null;
        }
    }

    private Instant instant(String field, Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s.strip());
        } catch (RuntimeException e) {
            errors.add("The " + field + " time \"" + s + "\" is not an ISO-8601 UTC time such as 2026-03-14T09:30:00Z.");
            return null;
        }
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- a plain postmortem

    /**
     * A plain postmortem: the first {@code #} heading is the title (unless the front matter gives
     * one), each {@code ##} heading starts a section found by its words, and everything else is kept
     * as written. Only headings a CommonMark parser sees count, so a {@code ## line} inside a fence
     * stays text.
     */
    private Result plain(Map<String, Object> front, String text) {
        String title = front.get("title") instanceof String t ? t : null;
        Map<Section, StringBuilder> texts = new EnumMap<>(Section.class);
        StringBuilder unmappedText = new StringBuilder();
        StringBuilder current = null;
        int from = 0;
        for (MarkdownHeadings.Found heading : MarkdownHeadings.in(text)) {
            boolean isTitle = title == null && heading.level() == 1;
            if (!isTitle && heading.level() != 2) {
                continue;
            }
            current = keep(text.substring(from, heading.start()), current, texts);
            from = heading.end();
            if (isTitle) {
                title = heading.text();
                continue;
            }
            Section section = sectionFor(heading.text());
            if (section == null) {
                unmapped.add(heading.text());
                if (!unmappedText.isEmpty()) {
                    unmappedText.append('\n');
                }
                unmappedText.append("#### ").append(heading.text()).append("\n\n");
                current = unmappedText;
            } else {
                current = texts.computeIfAbsent(section, s -> new StringBuilder());
                String sofar = strip(current.toString());
                current.setLength(0);
                if (!sofar.isEmpty()) {
                    current.append(sofar).append("\n\n");
                }
            }
        }
        keep(text.substring(from), current, texts);
        Map<Section, String> sections = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            sections.put(s, texts.containsKey(s) ? strip(texts.get(s).toString()) : "");
        }
        if (!unmapped.isEmpty()) {
            String learn = sections.get(Section.LEARN);
            sections.put(Section.LEARN, (learn.isEmpty() ? "" : learn + "\n\n") + "### " + LEARN_UNMAPPED_HEADING + "\n\n"
                    + strip(unmappedText.toString()));
            warnings.add("These headings could not be mapped to a section and are appended to Learn under \""
                    + LEARN_UNMAPPED_HEADING + "\": " + String.join(", ", unmapped.stream().map(h -> "\"" + h + "\"").toList()) + ".");
        }
        Map<String, Object> facts = new LinkedHashMap<>(front);
        facts.put("title", title);
        IncidentDraft incident = incidentDraft(facts, "", "");
        return result(false, incident, draft(sections), List.of(), List.of());
    }

    /** Text before the first section heading belongs to the summary. */
    private static StringBuilder keep(String content, StringBuilder current, Map<Section, StringBuilder> texts) {
        if (content.isEmpty()) {
            return current;
        }
        StringBuilder into = current == null ? texts.computeIfAbsent(Section.SUMMARY, s -> new StringBuilder()) : current;
        into.append(content);
        return into;
    }

    // ---------------------------------------------------------------- helpers

    private Result result(boolean export, IncidentDraft incident, PostmortemDraft postmortem, List<TimelineDraft> timeline,
                          List<ImportedActionItem> items) {
        return new Result(fileName, export, incident, postmortem, List.copyOf(timeline), List.copyOf(items),
                List.copyOf(unmapped), List.copyOf(warnings), List.copyOf(errors));
    }

    private static PostmortemDraft draft(Map<Section, String> t) {
        return new PostmortemDraft(t.get(Section.SUMMARY), t.get(Section.IMPACT), t.get(Section.TIMELINE), t.get(Section.LAUGH),
                t.get(Section.LEARN), t.get(Section.FIX), t.get(Section.SHARE));
    }

    /**
     * A section body as its author wrote it, as far as can be told: the export closes a fence or an
     * HTML block that would swallow the rest of the report, or shows the whole text literally in a
     * {@code ~~~markdown} fence; when the body is exactly what the exporter would make of a shorter
     * text, that text is taken (exporting it again gives the same bytes).
     */
    static String uncontained(String body) {
        if (body.startsWith("~~~") && body.endsWith("~~~")) {
            int open = body.indexOf("markdown\n");
            int close = body.lastIndexOf('\n');
            if (open > 0 && close > open && body.substring(0, open).matches("~+")) {
                String inner = body.substring(open + 9, close);
                if (ContainedMarkdown.of(inner).equals(body)) {
                    return inner;
                }
            }
        }
        for (int round = 0; round < 8; round++) {
            int nl = body.lastIndexOf('\n');
            if (nl < 0) {
                break;
            }
            String shorter = body.substring(0, nl);
            if (!ContainedMarkdown.of(shorter).equals(body)) {
                break;
            }
            body = shorter;
        }
        return body;
    }

    private static String strip(String text) {
        return text.replaceAll("\\A\\n+", "").stripTrailing();
    }

    /** Undoes {@link InlineText#escape} and {@link InlineText#cell}: backslash escapes, {@code &#124;} and {@code <br>}. */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(++i));
            } else if (text.startsWith("&#124;", i)) {
                out.append('|');
                i += 5;
            } else if (text.startsWith("<br>", i)) {
                out.append('\n');
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The front matter read with the same YAML library that writes it; scalars a person left
     * unquoted ({@code id: 42}, {@code title: 2026}) are taken as the text they are. Null when it is
     * not YAML, which is an error: guessing would import the wrong thing.
     */
    private Map<String, Object> frontMatter(String yaml) {
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            FrontMatter.read(yaml).forEach((key, value) -> values.put(key, asText(value)));
        } catch (IllegalArgumentException e) {
            errors.add("The front matter could not be read: " + e.getMessage() + ".");
            return null;
        }
        return values;
    }

    private static Object asText(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MarkdownImport::asText).toList();
        }
        return value;
    }
}
