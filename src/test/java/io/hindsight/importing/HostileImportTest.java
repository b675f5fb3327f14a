package io.hindsight.importing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files written to hurt the import: each is read quickly into a normal result, never an exception. */
class HostileImportTest {

    static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");

    private static MarkdownImport.Result read(String fileName, String text) {
        Supplier<MarkdownImport.Result> parse = () -> MarkdownImport.parse(fileName, text, NOW);
        return assertTimeoutPreemptively(Duration.ofSeconds(5), parse::get);
    }

    @Test
    void longRunsOfSpacesInLabelledLinesAreReadInLinearTime() {
        String spaces = " ".repeat(4000);
        String md = "# Slow\n\nDate: x" + spaces + "y\n" + "Time to resolve:" + spaces + "z\n"
                + spaces + "\n" + (" ".repeat(20) + "\n").repeat(2000)
                + "Start time: 2026-03-14 09:30 UTC |\n";
        MarkdownImport.Result r = read("slow.md", md);
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(Instant.parse("2026-03-14T09:30:00Z"), r.incident().startedAt());
    }

    @Test
    void anOwnerSuffixAndReferenceDefinitionsDoNotBacktrack() {
        String md = "# Owners\n\n## Action items\n\n- Fix it (owner" + " ".repeat(5000) + "x\n\n"
                + "[a\n".repeat(5000) + "\n- Alert on lock waits (owner: Sam Okafor)\n";
        MarkdownImport.Result r = read("owners.md", md);
        assertTrue(r.ok(), r.errors()::toString);
        assertTrue(r.actionItems().stream().anyMatch(a -> "Sam Okafor".equals(a.owner())), r.actionItems()::toString);
    }

    @Test
    void aHugeDurationIsIgnoredWithANote() {
        for (String duration : new String[] {"99999999999999999999 days", "PT2562047788015215H", "1001 days", "PT-2562047788015215H"}) {
            MarkdownImport.Result r = read("long.md", "# Long\n\nStart time: 2026-03-14 09:30 UTC\n\nTime to resolve: " + duration
                    + "\n\nTime to detect: " + duration + "\n\nTime to mitigate: " + duration + "\n");
            assertTrue(r.ok(), r.errors()::toString);
            assertNull(r.incident().resolvedAt(), duration);
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("longer than 1000 days")), r.warnings()::toString);
        }
        MarkdownImport.Result fine = read("short.md", "# Short\n\nStart time: 2026-03-14 09:30 UTC\n\nTime to resolve: 2h 5m\n");
        assertEquals(Instant.parse("2026-03-14T11:35:00Z"), fine.incident().resolvedAt());
    }

    @Test
    void aGoogleDocsListLevelIsBounded() {
        for (String level : new String[] {"20000000", "99999999999", "3"}) {
            MarkdownImport.Result r = read("doc.html", "<html><body><h1>Lists</h1><ul class=\"lst-kix_a-" + level
                    + "\"><li>deep item</li></ul></body></html>");
            assertTrue(r.ok(), r.errors()::toString);
        }
    }

    @Test
    void deeplyNestedHtmlIsReadAsText() {
        int depth = 50_000;
        String html = "<html><body><h1>Nested</h1>" + "<div>".repeat(depth) + "<span>".repeat(depth) + "bottom text"
                + "</span>".repeat(depth) + "</div>".repeat(depth) + "</body></html>";
        MarkdownImport.Result r = read("nested.html", html);
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals("Nested", r.incident().title());
    }

    @Test
    void aBrokenGoogleRedirectLinkKeepsItsText() {
        MarkdownImport.Result r = read("link.html", "<html><body><h1>Links</h1><h2>Summary</h2>"
                + "<p>See <a href=\"https://www.google.com/url?q=%zz\">the dashboard</a>.</p>"
                + "<style>" + ".a{".repeat(30_000) + "</style></body></html>");
        assertTrue(r.ok(), r.errors()::toString);
        String summary = r.incident().summary() + " " + r.postmortem().summary();
        assertTrue(summary.contains("the dashboard"), summary);
    }

    @Test
    void spacesBeforeNoLineBreakInHtmlDoNotBacktrack() {
        MarkdownImport.Result r = read("spaces.html", "<html><body><h1>Spaces</h1><p>a" + " \t".repeat(100_000) + "b</p></body></html>");
        assertTrue(r.ok(), r.errors()::toString);
    }

    @Test
    void longItemsLinksAndLabelsInActionItemsAndTimelinesDoNotBacktrack() {
        // Whitespace that is stored but not collapsed like spaces.
        String gap = "\u2003".repeat(10_000);
        String longUrl = "https://tracker.example/" + "a/".repeat(10_000) + "issues/1";
        String md = "# Links\n\nDate: 2026-03-14\n\n## Timeline\n\n- 09:00 UTC " + "[x](https://e.example/) ".repeat(2_000) + "\n\n"
                + "## Action items\n\n### Done " + "done ".repeat(2_000) + "\n\n"
                + "- Fix it" + gap + "(see" + gap + "[#1](https://github.com/a/b/issues/1)" + gap + ")" + gap + ".\n"
                + "- Fix that" + gap + "— done" + gap + "\n"
                + "- Watch [" + "#1 ".repeat(5_000) + "](https://github.com/a/b/issues/2) " + "tracked in ".repeat(2_000) + "\n"
                + "- Long address [issue](" + longUrl + ")\n"
                + "- " + "https://github.com/a/b/issues/3 ".repeat(1_000) + "\n";
        MarkdownImport.Result r = read("links.md", md);
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(5, r.actionItems().size(), r.actionItems()::toString);
        assertEquals("https://github.com/a/b/issues/1", r.actionItems().get(0).trackerUrl());
        assertNull(r.actionItems().get(3).trackerUrl(), "an address over 500 characters is no tracker link");
        assertEquals(1, r.timeline().size());
    }
}
