package io.hindsight.importing;

import io.hindsight.export.ContainedMarkdown;
import io.hindsight.export.InlineText;
import io.hindsight.export.MarkdownReport;
import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.incident.TimelineKind;
import io.hindsight.postmortem.Section;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a report {@link MarkdownReport} wrote back to what it shows: the report's own headings are
 * found in order, people's Markdown between them is taken as written (undoing what the export did to
 * contain it), the timeline table and the incident record are read back.
 *
 * <p>These are <em>not</em> imported (derived, or not something a new incident can claim): the id,
 * {@code postmortem_status}, {@code published}, reviewers, the durations, the Lessons block (it is
 * taken from Learn), the checklists, the facts list of the incident record and sections marked not
 * applicable (a warning names them).
 */
record ExportedReport(ImportNotes notes, DraftBuilder drafts) {

    private static final String RECORDED_SUMMARY = "### Summary";
    private static final String RECORDED_CUSTOMER_IMPACT = "### Customer impact";
    private static final String NOT_APPLICABLE = "**Not applicable:** ";

    MarkdownImport.Result read(ImportedFrontMatter front, String body) {
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
                notes.error("This looks like a Hindsight export, but its \"" + heading + "\" heading is missing.");
                return notes.failed(true);
            }
            found.add(headings.get(next++));
        }
        Map<String, String> blocks = new LinkedHashMap<>();
        for (int i = 0; i < found.size(); i++) {
            int end = i + 1 < found.size() ? found.get(i + 1).start() : body.length();
            blocks.put(expected.get(i), MarkdownHeadings.trimmed(body.substring(found.get(i).end(), end)));
        }
        List<TimelineDraft> timeline = new ArrayList<>();
        Map<Section, String> texts = sections(blocks, timeline);
        List<MarkdownImport.ImportedActionItem> items = new ExportedActionItems(notes).read(blocks.get(MarkdownReport.ACTION_ITEMS));
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
        String summary = summaryHeading == null ? "" : MarkdownHeadings.trimmed(body.substring(summaryHeading.end(), recordEnd));
        String customerImpact = impactHeading == null ? "" : MarkdownHeadings.trimmed(body.substring(impactHeading.end()));
        IncidentDraft incident = drafts.incident(front, ContainedMarkdown.original(summary), ContainedMarkdown.original(customerImpact));
        if (!blocks.get(MarkdownReport.CHECKLISTS).equals("_No checklists attached._")) {
            notes.warn("Checklists are not imported; attach them again after the import.");
        }
        if (!front.list("reviewers").isEmpty()) {
            notes.warn("Reviewers and their decisions are not imported; ask for review again.");
        }
        if (front.text("published") != null) {
            notes.warn("The postmortem was published; it is imported as a draft.");
        }
        boolean noPostmortem = front.isNull("postmortem_status")
                && texts.values().stream().allMatch(String::isEmpty);
        return notes.result(true, incident, noPostmortem ? null : DraftBuilder.postmortem(texts), timeline, items);
    }

    /** Each section's text as its author wrote it; the timeline table's rows go to {@code timeline}. */
    private Map<Section, String> sections(Map<String, String> blocks, List<TimelineDraft> timeline) {
        Map<Section, String> texts = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            String block = blocks.get(MarkdownReport.heading(s));
            if (s == Section.TIMELINE) {
                block = timeline(block, timeline);
            }
            if (block.startsWith(NOT_APPLICABLE)) {
                int endOfReason = block.indexOf("\n\n");
                String reason = InlineText.unescape(endOfReason < 0 ? block.substring(NOT_APPLICABLE.length()) : block.substring(NOT_APPLICABLE.length(), endOfReason));
                notes.warn("The " + s.title() + " section was marked not applicable (\"" + reason
                        + "\"); that is not imported — mark it again after the import.");
                block = endOfReason < 0 ? "" : MarkdownHeadings.trimmed(block.substring(endOfReason + 2));
            }
            if (block.equals("_Not written yet._")) {
                block = "";
            }
            texts.put(s, ContainedMarkdown.original(block));
        }
        return texts;
    }

    private String timeline(String block, List<TimelineDraft> timeline) {
        if (block.startsWith("_No timeline entries recorded._")) {
            return MarkdownHeadings.trimmed(block.substring("_No timeline entries recorded._".length()));
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
                notes.error("Timeline row " + (i - 1) + " does not have three cells: " + line);
                continue;
            }
            Instant when = drafts.instant("timeline row " + (i - 1), cells[0]);
            TimelineKind kind = null;
            for (TimelineKind k : TimelineKind.values()) {
                if (k.label().equalsIgnoreCase(cells[1].strip())) {
                    kind = k;
                }
            }
            if (kind == null) {
                notes.error("Timeline row " + (i - 1) + " has an unknown kind \"" + cells[1] + "\".");
            }
            String description = InlineText.unescape(cells[2]);
            if (description.isBlank()) {
                notes.error("Timeline row " + (i - 1) + " says nothing happened.");
            }
            if (when == null && !cells[0].isBlank()) {
                continue;
            }
            if (when == null) {
                notes.error("Timeline row " + (i - 1) + " has no time.");
            }
            timeline.add(new TimelineDraft(when, kind, description));
        }
        StringBuilder rest = new StringBuilder();
        for (; i < lines.length; i++) {
            rest.append(lines[i]).append('\n');
        }
        return MarkdownHeadings.trimmed(rest.toString());
    }
}
