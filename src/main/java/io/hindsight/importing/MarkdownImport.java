package io.hindsight.importing;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.export.InlineText;
import io.hindsight.export.MarkdownReport;
import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.postmortem.PostmortemDraft;
import io.hindsight.postmortem.Section;
import io.hindsight.validation.StorableText;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Reads one Markdown file (or a web page, turned into Markdown by {@link HtmlPostmortem}) back into drafts: either a report {@link MarkdownReport} wrote (recognised
 * by its front matter, read by {@link ExportedReport}) or a plain postmortem with a {@code #} title
 * and {@code ##} sections ({@link PlainPostmortem}). Nothing is written here; the result says what
 * would be created and what could not be read.
 */
public final class MarkdownImport {

    /** An action item as the file describes it; the owner is the text the file shows, matched to a user later. */
    public record ImportedActionItem(String title, boolean done, String owner, LocalDate dueOn, ActionItem.Priority priority,
                                     ActionItem.Kind kind, ActionItem.Status status, String reason, String trackerUrl) {
    }

    /** What one file will create, and everything a person should know before it is; {@code postmortem} is null when an export had none. */
    public record Result(String fileName, boolean export, IncidentDraft incident, PostmortemDraft postmortem,
                         List<TimelineDraft> timeline, List<ImportedActionItem> actionItems,
                         List<String> unmappedHeadings, List<String> warnings, List<String> errors,
                         String template, List<String> mappedHeadings, List<String> structured) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private MarkdownImport() {
    }

    /** @param now what "started" becomes when a file does not say */
    public static Result parse(String fileName, String markdown, Instant now) {
        ImportNotes notes = new ImportNotes(fileName);
        String text = InlineText.normalizedBreaks(markdown == null ? "" : markdown);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String unstorable = StorableText.problem(text);
        if (unstorable != null) {
            notes.error("The file " + unstorable);
            return notes.failed(false);
        }
        if (HtmlPostmortem.isHtml(fileName, text)) {
            text = HtmlPostmortem.markdown(text);
            notes.structured.add("Read as a web page (HTML): its headings, lists, tables, links and emphasis became Markdown.");
        }
        ImportedFrontMatter.Split file = ImportedFrontMatter.split(text, notes);
        if (file == null) {
            return notes.failed(false);
        }
        DraftBuilder drafts = new DraftBuilder(notes, now);
        notes.template = file.front().text("template");
        return file.front().isExport() ? new ExportedReport(notes, drafts).read(file.front(), file.body())
                : new PlainPostmortem(notes, drafts).read(file.front(), file.body());
    }

    /** The section a heading names, or null; case-insensitive, with synonyms. */
    public static Section sectionFor(String heading) {
        return SectionSynonyms.sectionFor(heading);
    }
}
