package io.hindsight.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What people write in postmortems, rendered to HTML that is safe to put on a page. No Quarkus needed. */
class MarkdownTest {

    @Test
    void rendersHeadingsListsAndEmphasis() {
        String html = Markdown.toHtml("### What went well\n\n- rollback in *two* minutes\n- **calm** on-call\n");

        assertTrue(html.contains("<h3>What went well</h3>"), html);
        assertTrue(html.contains("<li>rollback in <em>two</em> minutes</li>"), html);
        assertTrue(html.contains("<strong>calm</strong>"), html);
    }

    @Test
    void rendersTables() {
        String html = Markdown.toHtml("| Action | Owner |\n|---|---|\n| Add an alert | Platform |\n");

        assertTrue(html.contains("<table>"), html);
        assertTrue(html.contains("<th>Action</th>"), html);
        assertTrue(html.contains("<td>Platform</td>"), html);
    }

    @Test
    void rendersTaskListsAsCheckboxesNobodyCanTick() {
        String html = Markdown.toHtml("### Contributing factors\n- [ ] Look-alike names\n- [x] No tested backup <b>at all</b>\n- plain\n");

        assertTrue(html.contains("<li><input type=\"checkbox\" disabled=\"\" aria-label=\"Not ticked\"> Look-alike names</li>"), html);
        assertTrue(html.contains("<li><input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Ticked\"> No tested backup &lt;b&gt;at all&lt;/b&gt;</li>"), html);
        assertTrue(html.contains("<li>plain</li>"), html);
        assertFalse(html.contains("[ ]") || html.contains("[x]"), html);
    }

    @Test
    void escapesRawHtmlBlocksAndInlineHtml() {
        String html = Markdown.toHtml("<script>alert(1)</script>\n\nBefore <img src=x onerror=alert(1)> after <b>bold</b>");

        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<b>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(1))",
            "[click](  javascript:alert(1))",
            "[click](vbscript:msgbox(1))",
            "[click](<javascript:alert(1)>)",
            "<javascript:alert(1)>",
            "[click][ref]\n\n[ref]: javascript:alert(1)"})
    void dropsScriptLinks(String markdown) {
        String html = Markdown.toHtml(markdown);

        assertFalse(html.toLowerCase().contains("href=\"javascript:"), html);
        assertFalse(html.toLowerCase().contains("href=\"vbscript:"), html);
    }

    @Test
    void dropsScriptImageSources() {
        String html = Markdown.toHtml("![x](javascript:alert(1))");

        assertFalse(html.toLowerCase().contains("src=\"javascript:"), html);
    }

    @Test
    void keepsWebAndMailLinksAndTheyDoNotHandOverThePage() {
        String html = Markdown.toHtml("[runbook](https://example.com/runbook), [plain](http://example.com) and "
                + "[mail](mailto:oncall@example.com), and https://example.com/auto too");

        for (String href : new String[] {"https://example.com/runbook", "http://example.com", "mailto:oncall@example.com",
                "https://example.com/auto"}) {
            Matcher link = Pattern.compile("<a [^>]*href=\"" + Pattern.quote(href) + "\"[^>]*>").matcher(html);
            assertTrue(link.find(), href + " in " + html);
            assertTrue(link.group().contains("rel=\"noopener noreferrer nofollow\""), link.group());
        }
    }

    @Test
    void onlyWebAndMailLinksSurvive() {
        String html = Markdown.toHtml("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)");

        assertFalse(html.contains("href=\"data:"), html);
    }

    @Test
    void blankTextRendersNothing() {
        assertEquals("", Markdown.toHtml(null));
        assertEquals("", Markdown.toHtml("  \n "));
    }

    @Test
    void aTextIsRenderedOncePerVersion() {
        String text = "Rendered **once** — " + System.nanoTime();
        String first = Markdown.toHtml(text);
        assertSame(first, Markdown.toHtml(new String(text)), "the same text again comes from the cache");
        String edited = Markdown.toHtml(text + " and edited");
        assertTrue(edited.contains("and edited"), edited);
    }
}
