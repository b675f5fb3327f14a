package io.hindsight.importing;

import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.postmortem.Section;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a postmortem a person wrote (a title and sections) to the sections Hindsight has, and reads
 * what it states into structure: the incident's dates and times, the moments of its timeline and
 * its action items. Everything else is kept as written.
 */
record PlainPostmortem(ImportNotes notes, DraftBuilder drafts) {

    private static final String LEARN_UNMAPPED_HEADING = "Imported sections that could not be mapped";
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("(?m)^ {0,3}\\[[^\\]\\n]+]:[ \\t]*\\S.*$");

    /** One section of the file: its heading, level and text as written. */
    private record Part(String heading, int level, String text) {
    }

    /**
     * The first {@code #} heading is the title (unless the front matter gives one); the sections are
     * the headings of the shallowest level below it (usually {@code ##}), each found by its words;
     * deeper headings stay inside their section, their levels kept relative to it. Text before the
     * first section is the summary; sections Hindsight has no place for are appended to Learn under
     * their own headings. Only headings a CommonMark parser sees count, so a {@code ## line} inside
     * a fence stays text.
     */
    MarkdownImport.Result read(ImportedFrontMatter front, String text) {
        String title = front.text("title");
        List<MarkdownHeadings.Found> all = MarkdownHeadings.in(text);
        MarkdownHeadings.Found titleHeading = null;
        for (MarkdownHeadings.Found h : all) {
            if (h.level() == 1 && (title == null || h.text().equals(title))) {
                titleHeading = h;
                break;
            }
        }
        if (title == null && titleHeading != null) {
            title = titleHeading.text();
        }
        MarkdownHeadings.Found skipped = titleHeading;
        int sectionLevel = all.stream().filter(h -> !h.equals(skipped)).mapToInt(MarkdownHeadings.Found::level).min().orElse(2);
        List<Part> parts = new ArrayList<>();
        StringBuilder lead = new StringBuilder();
        MarkdownHeadings.Found open = null;
        int from = 0;
        for (MarkdownHeadings.Found h : all) {
            boolean isTitle = h.equals(titleHeading);
            if (!isTitle && h.level() != sectionLevel) {
                continue;
            }
            String between = text.substring(from, h.start());
            if (open == null) {
                lead.append(between);
            } else {
                parts.add(new Part(open.text(), open.level(), between));
            }
            from = h.end();
            open = isTitle ? null : h;
        }
        if (open == null) {
            lead.append(text.substring(from));
        } else {
            parts.add(new Part(open.text(), open.level(), text.substring(from)));
        }
        String references = references(text);

        // The incident's day and zone, as the document states them, date the timeline's times.
        Integer yearHint = null;
        LocalDate incidentDate = drafts.incidentDate(front, title, text);
        ZoneId documentZone = WrittenTimes.zoneIn(lead + " " + String.join(" ", parts.stream()
                .filter(p -> SectionSynonyms.namesTimeline(p.heading())).map(p -> p.heading() + "\n" + p.text()).toList())).orElse(null);
        if (incidentDate != null) {
            yearHint = incidentDate.getYear();
        }

        Map<Section, StringBuilder> texts = new EnumMap<>(Section.class);
        List<String> unmappedText = new ArrayList<>();
        List<TimelineDraft> timeline = new ArrayList<>();
        List<MarkdownImport.ImportedActionItem> items = new ArrayList<>();
        boolean zoneStated = documentZone != null;
        int shortened = 0;
        append(texts.computeIfAbsent(Section.SUMMARY, s -> new StringBuilder()), relevel(lead.toString(), sectionLevel, 3));
        for (Part part : parts) {
            Section section = SectionSynonyms.sectionFor(part.heading());
            String body = part.text();
            if (SectionSynonyms.namesTimeline(part.heading()) || section == Section.TIMELINE && timeline.isEmpty()) {
                TimelineReader.Read read = new TimelineReader(incidentDate, documentZone).read(body + references);
                if (!read.entries().isEmpty()) {
                    timeline.addAll(read.entries());
                    zoneStated &= read.zoneStated();
                    zoneStated |= read.zoneStated();
                    body = without(body, read.used());
                }
            }
            if (SectionSynonyms.namesActionItems(part.heading())) {
                ActionItemReader.Read read = new ActionItemReader(yearHint).read(body + references, part.heading());
                if (!read.items().isEmpty()) {
                    items.addAll(read.items());
                    shortened += read.shortened();
                    body = without(body, read.used());
                }
            }
            if (section == null) {
                notes.unmapped.add(part.heading());
                String kept = tidy(relevel(body, sectionLevel, 5));
                unmappedText.add("#### " + part.heading() + (kept.isEmpty() ? "" : "\n\n" + kept));
            } else {
                notes.mapped.add(part.heading() + " → " + section.title());
                append(texts.computeIfAbsent(section, s -> new StringBuilder()), relevel(body, sectionLevel, 3));
            }
        }
        Map<Section, String> sections = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            sections.put(s, texts.containsKey(s) ? tidy(texts.get(s).toString()) : "");
        }
        if (!notes.unmapped.isEmpty()) {
            String learn = sections.get(Section.LEARN);
            sections.put(Section.LEARN, (learn.isEmpty() ? "" : learn + "\n\n") + "### " + LEARN_UNMAPPED_HEADING + "\n\n"
                    + String.join("\n\n", unmappedText));
            notes.warn("These headings could not be mapped to a section and are appended to Learn under \""
                    + LEARN_UNMAPPED_HEADING + "\": " + String.join(", ", notes.unmapped.stream().map(h -> "\"" + h + "\"").toList()) + ".");
        }
        timeline.sort(Comparator.comparing(TimelineDraft::occurredAt));
        if (!timeline.isEmpty()) {
            notes.structured.add(timeline.size() + (timeline.size() == 1 ? " timeline entry" : " timeline entries") + " read from "
                    + "the timeline, " + timeline.get(0).occurredAt() + " to " + timeline.get(timeline.size() - 1).occurredAt() + ".");
            if (!zoneStated) {
                notes.warn("The timeline states no time zone; its times are read as UTC.");
            }
        }
        if (!items.isEmpty()) {
            notes.structured.add(items.size() + (items.size() == 1 ? " action item" : " action items") + " read from the follow-up "
                    + "section; priority P2 and kind Prevent where the file does not say.");
        }
        if (shortened > 0) {
            notes.warn(shortened + " action item title(s) were longer than " + ActionItemReader.TITLE_MAX
                    + " characters and are shortened; the full text is not kept.");
        }
        IncidentDraft incident = drafts.incident(front.withTitle(title), "", "", new DraftBuilder.Stated(incidentDate, timeline, text));
        return notes.result(false, incident, DraftBuilder.postmortem(sections), timeline, items);
    }

    private static void append(StringBuilder into, String content) {
        String sofar = tidy(into.toString());
        String more = tidy(content);
        into.setLength(0);
        into.append(sofar);
        if (!sofar.isEmpty() && !more.isEmpty()) {
            into.append("\n\n");
        }
        into.append(more);
    }

    /** The link reference definitions of the whole file, so that links in a section cut out of it still resolve. */
    private static String references(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = REFERENCE_DEFINITION.matcher(text);
        while (m.find()) {
            out.append('\n').append(m.group());
        }
        return out.isEmpty() ? "" : "\n\n" + out;
    }

    /** The text without the blocks read into structure. */
    private static String without(String text, List<MarkdownBlocks.Block> used) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (MarkdownBlocks.Block block : used) {
            if (block.start() < at || block.end() > text.length()) {
                continue;
            }
            out.append(text.substring(at, block.start()).stripTrailing());
            at = block.end();
            while (at < text.length() && (text.charAt(at) == '\n' || text.charAt(at) == ' ')) {
                at++;
            }
            if (!out.isEmpty() && at < text.length()) {
                out.append("\n\n");
            }
        }
        out.append(text.substring(Math.min(at, text.length())));
        return out.toString();
    }

    /**
     * The headings inside a section moved so that the section's own level becomes {@code sectionAt - 1}:
     * a {@code ###} under a {@code ##} section stays one level below it wherever the section goes.
     */
    static String relevel(String text, int sectionLevel, int childAt) {
        int shift = childAt - (sectionLevel + 1);
        if (shift == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (MarkdownHeadings.Found h : MarkdownHeadings.in(text)) {
            int level = Math.max(1, Math.min(6, h.level() + shift));
            out.append(text, at, h.start()).append("#".repeat(level)).append(' ').append(h.text()).append('\n');
            at = h.end();
        }
        out.append(text.substring(at));
        return out.toString();
    }

    private static String tidy(String text) {
        return MarkdownHeadings.trimmed(text);
    }
}
