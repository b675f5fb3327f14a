package io.hindsight.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** People's Markdown passes through as written, except for the one thing that would break the report: a block left open. */
class ContainedMarkdownTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Plain **text** with `code`.",
            "```java\nclosed();\n```",
            "~~~~\n```\nstill fine\n~~~~",
            "<!-- closed -->\ntext",
            "<pre>\nclosed\n</pre>",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "> quoted\n> ```\n> unclosed inside a quote ends with the quote",
            "- item\n  ```\n  unclosed inside a list item ends with the item",
            "## A heading of the author's own\n\n---\n\nand a rule",
    })
    void markdownThatClosesItsBlocksIsLeftExactlyAsWritten(String markdown) {
        assertEquals(markdown, ContainedMarkdown.of(markdown));
    }

    static Stream<Arguments> openBlocks() {
        return Stream.of(
                arguments("```\ncode", "```\ncode\n```"),
                arguments("````sql\ncode\n```", "````sql\ncode\n```\n````"),
                arguments("~~~\ncode", "~~~\ncode\n~~~"),
                arguments("<!-- open", "<!-- open\n-->"),
                arguments("<PRE class=x>\nopen", "<PRE class=x>\nopen\n</pre>"),
                arguments("<textarea>\nopen", "<textarea>\nopen\n</textarea>"),
                arguments("<?xml version", "<?xml version\n?>"),
                arguments("<![CDATA[ open", "<![CDATA[ open\n]]>"),
                arguments("<!DOCTYPE html", "<!DOCTYPE html\n>"));
    }

    @ParameterizedTest
    @MethodSource("openBlocks")
    void aBlockLeftOpenIsClosedWithItsOwnKindOfEnd(String markdown, String contained) {
        assertEquals(contained, ContainedMarkdown.of(markdown));
    }

    @Test
    void lineEndingsBecomeLineFeedsAndBlankLinesAtTheEndsGo() {
        assertEquals("first\nsecond\n\n    indented code stays indented",
                ContainedMarkdown.of("\r\n  \n first\r\nsecond\r\n\r\n    indented code stays indented  \r\n\n").replaceFirst("^ ", ""));
        assertEquals("", ContainedMarkdown.of(null));
        assertEquals("", ContainedMarkdown.of(" \n\t\n"));
    }
}
