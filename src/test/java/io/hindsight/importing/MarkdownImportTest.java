package io.hindsight.importing;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.export.Golden;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.incident.TimelineKind;
import io.hindsight.postmortem.Section;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading Markdown back into drafts: the export format and plain postmortems. */
class MarkdownImportTest {

    static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");

    @Test
    void theGoldenExportIsReadField_by_field() {
        MarkdownImport.Result r = MarkdownImport.parse("full.md", Golden.read("full-incident.md"), NOW);

        assertTrue(r.ok(), r.errors()::toString);
        assertTrue(r.export());
        assertEquals("Checkout timed out after the 09:25 deploy", r.incident().title());
        assertEquals(Severity.SEV2, r.incident().severity());
        assertEquals(IncidentStatus.RESOLVED, r.incident().status(), "only the review workflow publishes");
        assertTrue(r.warnings().contains("Imported as Resolved: review and publication are not imported."), r.warnings()::toString);
        assertEquals(Instant.parse("2026-03-14T10:40:00Z"), r.incident().resolvedAt());
        assertEquals(List.of("checkout", "orders-db"), r.incident().affectedServices());
        assertEquals("Checkout requests timed out for some customers after a deploy.", r.incident().summary());
        assertEquals("About a third of checkout attempts failed for 35 minutes.", r.incident().customerImpact());
        assertEquals(4, r.timeline().size());
        assertEquals(TimelineKind.OBSERVATION, r.timeline().get(0).kind());
        assertEquals("We rolled back at 10:05; the lock graph made the cause plain.", r.postmortem().timelineNotes());
        assertTrue(r.postmortem().learn().startsWith("### What went well"));
        assertEquals("", r.postmortem().share(), "not applicable is not text");
        assertEquals(3, r.actionItems().size());
        MarkdownImport.ImportedActionItem done = r.actionItems().get(0);
        assertEquals("Alert on lock waits over 30 seconds", done.title());
        assertTrue(done.done());
        assertEquals("Sam Okafor", done.owner());
        assertEquals("https://tracker.example.com/OPS-101", done.trackerUrl());
        assertEquals(ActionItem.Status.WONT_DO, r.actionItems().get(2).status());
        assertEquals("Out of proportion to the risk; the two items above cover it.", r.actionItems().get(2).reason());
        assertNull(r.actionItems().get(2).owner());
    }

    @Test
    void aPlainPostmortemMapsHeadingsBySynonymsAndKeepsWhatItCannotMap() {
        String md = """
                # Payments were slow

                Intro paragraph.

                ## What happened
                The queue backed up.

                ## CUSTOMER IMPACT:
                Some payments took minutes.

                ## Root cause
                A retry storm.

                ## Remediation
                - [ ] Add jitter

                ## Appendix: graphs
                ![graph](g.png)

                ```
                ## not a heading inside a fence
                ```

                ## Contributing factors
                Missing backoff.
                """;
        MarkdownImport.Result r = MarkdownImport.parse("plain.md", md, NOW);

        assertTrue(r.ok(), r.errors()::toString);
        assertFalse(r.export());
        assertEquals("Payments were slow", r.incident().title());
        assertEquals("Intro paragraph.\n\nThe queue backed up.", r.postmortem().summary());
        assertEquals("Some payments took minutes.", r.postmortem().impact());
        assertEquals("", r.postmortem().fix(), "the task list became an action item");
        assertEquals(List.of("Add jitter"), r.actionItems().stream().map(MarkdownImport.ImportedActionItem::title).toList());
        assertEquals(List.of("Appendix: graphs"), r.unmappedHeadings());
        assertEquals("""
                A retry storm.

                Missing backoff.

                ### Imported sections that could not be mapped

                #### Appendix: graphs

                ![graph](g.png)

                ```
                ## not a heading inside a fence
                ```""", r.postmortem().learn());
        assertEquals(Severity.SEV3, r.incident().severity());
        assertEquals(NOW, r.incident().startedAt());
        assertTrue(r.warnings().contains("No severity given; SEV3 is used."), r.warnings()::toString);
        assertTrue(r.warnings().contains("No start of impact given; the time of the import (2026-11-26T06:00:00Z) is used."));
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("\"Appendix: graphs\"")));
    }

    @Test
    void theReasonForNoActionItemsIsReportedAsNotImported() {
        String export = Golden.read("without-postmortem.md");
        MarkdownImport.Result r = MarkdownImport.parse("x.md", export.replace("_No action items yet._",
                "**No action items:** Nothing to \\*fix\\*."), NOW);
        assertTrue(r.ok(), r.errors()::toString);
        assertTrue(r.actionItems().isEmpty());
        assertTrue(r.warnings().contains("The reason for having no action items (\"Nothing to *fix*.\") is not imported; "
                + "give it again before publishing."), r.warnings()::toString);
    }

    @Test
    void synonymsAreCaseInsensitive() {
        assertEquals(Section.SUMMARY, MarkdownImport.sectionFor("what HAPPENED"));
        assertEquals(Section.LEARN, MarkdownImport.sectionFor("Lessons learned"));
        assertEquals(Section.FIX, MarkdownImport.sectionFor("Action items"));
        assertEquals(Section.IMPACT, MarkdownImport.sectionFor("Customer impact"));
        assertEquals(Section.LAUGH, MarkdownImport.sectionFor("Laugh — Tell the story kindly"));
        assertNull(MarkdownImport.sectionFor("Appendix"));
    }

    @Test
    void aFileWithoutATitleOrWithABadTimeIsAnError() {
        assertEquals(List.of("The file has no title: start it with a line \"# Title\" (or title: in the front matter)."),
                MarkdownImport.parse("x.md", "## Summary\ntext\n", NOW).errors());
        String export = Golden.read("full-incident.md").replace("started: \"2026-03-14T09:30:00Z\"", "started: \"yesterday\"");
        assertTrue(MarkdownImport.parse("x.md", export, NOW).errors().get(0).contains("\"yesterday\""));
        String broken = Golden.read("full-incident.md").replace("## Incident record", "## Incident notes");
        assertFalse(MarkdownImport.parse("x.md", broken, NOW).ok());
    }
}
