package io.hindsight.importing;

import io.hindsight.incident.IncidentDraft;
import io.hindsight.postmortem.Section;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Maps a postmortem a person wrote (a {@code #} title and {@code ##} sections) to the sections Hindsight has. */
record PlainPostmortem(ImportNotes notes, DraftBuilder drafts) {

    private static final String LEARN_UNMAPPED_HEADING = "Imported sections that could not be mapped";

    /**
     * The first {@code #} heading is the title (unless the front matter gives one), each {@code ##}
     * heading starts a section found by its words, and everything else is kept as written. Text
     * before the first section is the summary; sections Hindsight has no place for are appended to
     * Learn under their own headings. Only headings a CommonMark parser sees count, so a
     * {@code ## line} inside a fence stays text.
     */
    MarkdownImport.Result read(ImportedFrontMatter front, String text) {
        String title = front.text("title");
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
            Section section = SectionSynonyms.sectionFor(heading.text());
            if (section == null) {
                notes.unmapped.add(heading.text());
                if (!unmappedText.isEmpty()) {
                    unmappedText.append('\n');
                }
                unmappedText.append("#### ").append(heading.text()).append("\n\n");
                current = unmappedText;
            } else {
                current = texts.computeIfAbsent(section, s -> new StringBuilder());
                String sofar = MarkdownHeadings.trimmed(current.toString());
                current.setLength(0);
                if (!sofar.isEmpty()) {
                    current.append(sofar).append("\n\n");
                }
            }
        }
        keep(text.substring(from), current, texts);
        Map<Section, String> sections = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            sections.put(s, texts.containsKey(s) ? MarkdownHeadings.trimmed(texts.get(s).toString()) : "");
        }
        if (!notes.unmapped.isEmpty()) {
            String learn = sections.get(Section.LEARN);
            sections.put(Section.LEARN, (learn.isEmpty() ? "" : learn + "\n\n") + "### " + LEARN_UNMAPPED_HEADING + "\n\n"
                    + MarkdownHeadings.trimmed(unmappedText.toString()));
            notes.warn("These headings could not be mapped to a section and are appended to Learn under \""
                    + LEARN_UNMAPPED_HEADING + "\": " + String.join(", ", notes.unmapped.stream().map(h -> "\"" + h + "\"").toList()) + ".");
        }
        IncidentDraft incident = drafts.incident(front.withTitle(title), "", "");
        return notes.result(false, incident, DraftBuilder.postmortem(sections), List.of(), List.of());
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
}
