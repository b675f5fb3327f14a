package io.hindsight.importing;

import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.postmortem.PostmortemDraft;

import java.util.ArrayList;
import java.util.List;

/** What a person should know about one file while it is read: warnings, errors and the headings that could not be mapped. */
final class ImportNotes {

    final List<String> warnings = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final List<String> unmapped = new ArrayList<>();
    /** "Heading → Section" for each section of a plain postmortem that found its place. */
    final List<String> mapped = new ArrayList<>();
    /** What became structure rather than text: dates found, timeline entries, action items. */
    final List<String> structured = new ArrayList<>();
    /** The template the file names (a Hindsight export's, or a front matter's), or null. */
    String template;
    private final String fileName;

    ImportNotes(String fileName) {
        this.fileName = fileName;
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    void error(String error) {
        errors.add(error);
    }

    /** A file that could not be read at all. */
    MarkdownImport.Result failed(boolean export) {
        return result(export, null, null, List.of(), List.of());
    }

    MarkdownImport.Result result(boolean export, IncidentDraft incident, PostmortemDraft postmortem, List<TimelineDraft> timeline,
                                 List<MarkdownImport.ImportedActionItem> items) {
        return new MarkdownImport.Result(fileName, export, incident, postmortem, List.copyOf(timeline), List.copyOf(items),
                List.copyOf(unmapped), List.copyOf(warnings), List.copyOf(errors), template, List.copyOf(mapped), List.copyOf(structured));
    }
}
