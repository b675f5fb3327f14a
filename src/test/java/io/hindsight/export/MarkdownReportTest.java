package io.hindsight.export;

import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TimeZone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report of a fully recorded incident, byte for byte, and the promise that the same data always gives the same bytes. */
class MarkdownReportTest {

    static final List<String> OUTLINE = List.of("## Lessons", "## Summary", "## Impact", "## Timeline",
            "## Laugh — Tell the story kindly", "## Learn — Find what the system taught us", "## Fix — Correct it and prevent it",
            "## Share — Let others benefit", "## Action items", "## Checklists", "## Incident record");

    @Test
    void aFullyRecordedIncidentMatchesTheGoldenFile() {
        Golden.assertMatches("full-incident.md", MarkdownReport.of(new FullIncident().contents()));
    }

    @Test
    void anIncidentWithoutAPostmortemStillExportsAndSaysWhatIsNotWritten() {
        Golden.assertMatches("without-postmortem.md", MarkdownReport.of(ReportContents.of(bareIncident())));
    }

    @Test
    void theSameDataGivesTheSameBytesTwice() {
        assertEquals(MarkdownReport.of(new FullIncident().contents()), MarkdownReport.of(new FullIncident().contents()));
    }

    @Test
    void theOrderTheDataArrivesInDoesNotMatter() {
        String inOrder = MarkdownReport.of(new FullIncident().contents());
        Random random = new Random(7);
        for (int round = 0; round < 5; round++) {
            FullIncident shuffled = new FullIncident();
            Collections.shuffle(shuffled.incident.timeline, random);
            Collections.shuffle(shuffled.actionItems, random);
            Collections.shuffle(shuffled.checklist.items, random);
            assertEquals(inOrder, MarkdownReport.of(shuffled.contents()), "shuffle " + round);
        }
    }

    @Test
    void neitherTheTimeZoneNorTheLocaleOfTheServerShows() {
        String here = MarkdownReport.of(new FullIncident().contents());
        TimeZone zone = TimeZone.getDefault();
        Locale locale = Locale.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kathmandu"));
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertEquals(here, MarkdownReport.of(new FullIncident().contents()));
        } finally {
            TimeZone.setDefault(zone);
            Locale.setDefault(locale);
        }
    }

    @Test
    void linesEndInLineFeedsAndTheFileInExactlyOne() {
        FullIncident data = new FullIncident();
        data.postmortem.impact = "Windows line\r\nendings\rand old Mac ones\r\n\r\n";
        data.incident.timeline.get(0).description = "two\r\nlines";
        String report = MarkdownReport.of(data.contents());
        assertFalse(report.contains("\r"), "no carriage returns");
        assertTrue(report.endsWith("\n") && !report.endsWith("\n\n"), "one final newline");
        assertTrue(report.contains("Windows line\nendings\nand old Mac ones\n\n## Timeline"));
    }

    @Test
    void theStructureIsTheSameWithOrWithoutAPostmortem() {
        assertEquals(OUTLINE, ParsedReport.of(MarkdownReport.of(new FullIncident().contents())).outline().stream()
                .filter(h -> h.startsWith("## ")).toList());
        assertEquals(OUTLINE, ParsedReport.of(MarkdownReport.of(ReportContents.of(bareIncident()))).outline().stream()
                .filter(h -> h.startsWith("## ")).toList());
    }

    /** An incident as it is minutes after being declared: no postmortem, no timeline, nothing attached. */
    static Incident bareIncident() {
        Incident incident = new Incident();
        incident.id = 7L;
        incident.title = "Search results empty";
        incident.severity = Severity.SEV3;
        incident.status = IncidentStatus.INVESTIGATING;
        incident.startedAt = Instant.parse("2026-03-14T09:30:00Z");
        incident.detectedAt = Instant.parse("2026-03-14T09:42:30.250Z");
        incident.affectedServices = new ArrayList<>(List.of("search"));
        incident.tags = new ArrayList<>();
        return incident;
    }
}
