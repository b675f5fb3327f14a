package io.hindsight.export;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the report writes for people's text reads back to exactly that text: front-matter values and one-line Markdown. */
class ReportTextReadsBackTest {

    @Test
    void frontMatterEscapesAreUndoneExactly() {
        String value = "a \"quoted\" \\ back\nslash\t\r\u0085\u2028\u2029\u0001\u007F\u009F\uFEFF 日本 🔥";
        String written = new FrontMatter().string("value", value).end();
        assertEquals(value, FrontMatter.read(written.substring(4, written.length() - 3)).get("value"));
        assertEquals("x | y `z` #1 <b> \\", InlineText.unescape(InlineText.escape("x | y `z` #1 <b> \\")));
        assertEquals("a|b\nc <br> &#124;", InlineText.unescape(InlineText.cell("a|b\nc <br> &#124;")));
    }
}
