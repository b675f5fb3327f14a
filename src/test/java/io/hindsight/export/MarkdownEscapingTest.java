package io.hindsight.export;

import io.hindsight.account.User;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.postmortem.Section;
import org.commonmark.node.BulletList;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * People's text cannot change the shape of a report: whatever they typed, the front matter reads
 * back to exactly what they typed, the headings stay the report's own, a table row keeps its
 * columns, and a section cannot hide the ones after it.
 */
class MarkdownEscapingTest {

    static final String HOSTILE = "Fix #3 ---\n## Not a heading\r\n---\n`code` | pipe \"quoted\" 'single' \\back *bold* _it_ "
            + "[link](https://example.com) ![img](x.png) <b>html</b> &amp; $x$ ~~gone~~ key: value #";

    /** {@link #HOSTILE} as one line: what a reader should see where a line is all there is. */
    static final String HOSTILE_ONE_LINE = "Fix #3 --- ## Not a heading --- `code` | pipe \"quoted\" 'single' \\back *bold* _it_ "
            + "[link](https://example.com) ![img](x.png) <b>html</b> &amp; $x$ ~~gone~~ key: value #";

    @Test
    void aHostileTitleIsOneHeadingOfPlainTextAndExactlyTheTitleInTheFrontMatter() {
        FullIncident data = new FullIncident();
        data.incident.title = HOSTILE;
        ParsedReport report = ParsedReport.of(MarkdownReport.of(data.contents()));

        assertEquals(HOSTILE, report.frontMatter().get("title"));
        Heading title = report.heading(1);
        assertEquals(HOSTILE_ONE_LINE, ParsedReport.text(title));
        assertTrue(ParsedReport.plainText(title), "no code, emphasis, links or HTML in the heading");
        assertEquals(MarkdownReportTest.OUTLINE, report.outline().stream().filter(h -> h.startsWith("## ")).toList());
        assertEquals(1, report.outline().stream().filter(h -> h.startsWith("# ")).count(), "one title");
    }

    @ParameterizedTest
    @ValueSource(strings = {"---", "a\nb: injected", "\"", "\\", "yes", "null", "~", "- item", "# comment", "key: value",
            "tab\there", "bell\u0007 nul-ish\u0001 del\u007f c1\u0085 ls\u2028 ps\u2029 bom\uFEFF", "emoji 🚒 and ünïcödé",
            "'single'", "{flow}", "[seq]", "&anchor *alias !tag", "100", "2026-03-14"})
    void everyFrontMatterValueReadsBackAsExactlyWhatWasTyped(String typed) {
        FullIncident data = new FullIncident();
        data.incident.title = typed;
        data.incident.tags.set(0, typed);
        data.incident.affectedServices.set(1, typed);
        data.ada.name = typed;
        Map<String, Object> yaml = ParsedReport.of(MarkdownReport.of(data.contents())).frontMatter();

        assertEquals(typed, yaml.get("title"));
        assertEquals(List.of(typed, "database"), yaml.get("tags"));
        assertEquals(List.of("checkout", typed), yaml.get("services"));
        assertEquals(Map.of("name", typed, "decision", "APPROVED"), ((List<?>) yaml.get("reviewers")).get(0));
        assertEquals(List.of("id", "title", "severity", "status", "postmortem_status", "template", "started", "detected", "mitigated",
                "resolved", "time_to_detect", "time_to_mitigate", "time_to_resolve", "services", "tags", "authors", "reviewers",
                "published"), List.copyOf(yaml.keySet()), "no key added or lost");
    }

    @Test
    void aTimelineEntryWithPipesAndLineBreaksStaysInItsCell() {
        FullIncident data = new FullIncident();
        data.incident.timeline.get(0).description = "Ran `a | b` \\| c\nthen | more\r\n\r\nand *done*";
        List<List<String>> rows = ParsedReport.of(MarkdownReport.of(data.contents())).tableRows();

        assertEquals(4, rows.size(), "one row per entry");
        rows.forEach(row -> assertEquals(3, row.size(), () -> "three cells in " + row));
        assertEquals(List.of("2026-03-14T09:42:00Z", "Detection", "Ran `a | b` \\| c[html <br>]then | more[html <br>]and *done*"),
                rows.get(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Look:\n```\nunclosed code",
            "Look:\n````sql\nselect 1;\n```\nstill inside a four-backtick fence",
            "Look:\n~~~\nunclosed tilde fence",
            "   ```\nindented unclosed fence",
            "<!-- an unclosed comment\n\n## Not a section",
            "<pre>\nunclosed pre\n\nstill pre",
            "<script>\nunclosed script",
            "<?php echo 1;",
            "<![CDATA[ unclosed",
            "<!DOCTYPE html",
            "<!--\n```\nnested openers",
    })
    void aSectionThatLeavesABlockOpenDoesNotHideTheSectionsAfterIt(String summary) {
        FullIncident data = new FullIncident();
        data.postmortem.summary = summary;
        ParsedReport report = ParsedReport.of(MarkdownReport.of(data.contents()));

        assertEquals(MarkdownReportTest.OUTLINE, report.outline().stream().filter(h -> h.startsWith("## ")).toList());
        assertFalse(report.under("Summary").isEmpty(), "the summary is still there");
        assertTrue(ParsedReport.text(report.under("Impact").get(0)).contains("About 1,200 checkouts failed"),
                "the section after it reads as before");
    }

    @Test
    void anUnclosedFenceIsClosedWithAFenceOfTheSameKindSoItsContentStaysCode() {
        FullIncident data = new FullIncident();
        data.postmortem.summary = "````sql\nselect 1;\n```\nstill code";
        List<FencedCodeBlock> fences = ParsedReport.fences(ParsedReport.of(MarkdownReport.of(data.contents())).under("Summary"));

        assertEquals(1, fences.size());
        assertEquals("select 1;\n```\nstill code\n", fences.get(0).getLiteral());
    }

    @Test
    void actionItemsAndChecklistItemsStayOneTaskEachWhateverTheirText() {
        FullIncident data = new FullIncident();
        ActionItem first = data.actionItems.get(0);
        first.title = "- [ ] not a second task\n- [x] nor this";
        first.owner = new User();
        first.owner.name = "Eve **bold** `code`";
        first.trackerUrl = "javascript:alert(1)";
        data.checklist.items.get(0).note = "evidence\n### not a heading";
        data.checklistTemplate.name = "Name (9/9)\n## Not a section";
        ParsedReport report = ParsedReport.of(MarkdownReport.of(data.contents()));

        Node actions = report.under("Action items").get(0);
        assertInstanceOf(BulletList.class, actions);
        assertEquals(3, count(actions), "three action items, as recorded");
        String firstItem = ParsedReport.text(actions.getFirstChild());
        assertTrue(firstItem.startsWith("[x] - [ ] not a second task - [x] nor this — owner: Eve **bold** `code` · "), firstItem);
        assertTrue(firstItem.endsWith("tracker: javascript:alert(1)"), "an address that is not http(s) is text, not a link");
        assertEquals(MarkdownReportTest.OUTLINE, report.outline().stream().filter(h -> h.startsWith("## ")).toList());
        assertTrue(report.outline().contains("### Name (9/9) ## Not a section (3/4)"), () -> report.outline().toString());
        Node items = report.under("Name (9/9) ## Not a section (3/4)").get(0);
        assertEquals(4, count(items));
    }

    @Test
    void aNotApplicableReasonIsOneLineOfText() {
        FullIncident data = new FullIncident();
        data.notApplicable.get(0).reason = "Nothing to share\n## Injected\n- list";
        data.postmortem.share = "";
        ParsedReport report = ParsedReport.of(MarkdownReport.of(data.contents()));

        List<Node> share = report.under("Share — Let others benefit");
        assertEquals(1, share.size());
        assertEquals("Not applicable: Nothing to share ## Injected - list", ParsedReport.text(share.get(0)));
        assertEquals(Section.values().length, report.outline().stream()
                .filter(h -> h.startsWith("## ") && !List.of("## Lessons", "## Action items", "## Checklists", "## Incident record")
                        .contains(h)).count());
    }

    private static int count(Node list) {
        int n = 0;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            n++;
        }
        return n;
    }
}
