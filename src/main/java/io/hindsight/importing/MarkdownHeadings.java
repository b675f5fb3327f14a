package io.hindsight.importing;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.List;

/**
 * The top-level headings of a Markdown text as a CommonMark parser sees them, with where each sits
 * in the text, so that the text between two headings can be cut out exactly as its author wrote it.
 * A {@code ## line} inside a fence, an HTML block, a list or a block quote is not a heading here.
 */
final class MarkdownHeadings {

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    /**
     * One heading.
     *
     * @param line  the heading's first line as written, e.g. {@code ## Summary}
     * @param text  what it says as written (inline Markdown kept), without the {@code #}s around it
     * @param start where its first line starts in the text
     * @param end   where the text after it starts: past its last line and that line's line break
     */
    record Found(int level, String line, String text, int start, int end) {
    }

    private MarkdownHeadings() {
    }

    /** The top-level headings of {@code markdown} (line breaks already LF), in order. */
    static List<Found> in(String markdown) {
        List<Found> headings = new ArrayList<>();
        for (Node node = PARSER.parse(markdown).getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && !heading.getSourceSpans().isEmpty()) {
                List<SourceSpan> spans = heading.getSourceSpans();
                SourceSpan first = spans.get(0);
                SourceSpan last = spans.get(spans.size() - 1);
                int start = first.getInputIndex() - first.getColumnIndex();
                int end = last.getInputIndex() + last.getLength();
                if (end < markdown.length() && markdown.charAt(end) == '\n') {
                    end++;
                }
                String line = markdown.substring(start, first.getInputIndex() + first.getLength());
                headings.add(new Found(heading.getLevel(), line, text(markdown, heading), start, end));
            }
        }
        return headings;
    }

    private static String text(String markdown, Heading heading) {
        Node first = heading.getFirstChild();
        Node last = heading.getLastChild();
        if (first == null || first.getSourceSpans().isEmpty() || last.getSourceSpans().isEmpty()) {
            return "";
        }
        SourceSpan from = first.getSourceSpans().get(0);
        SourceSpan to = last.getSourceSpans().get(last.getSourceSpans().size() - 1);
        return markdown.substring(from.getInputIndex(), to.getInputIndex() + to.getLength()).strip();
    }

    /** A block cut from between two headings, without the blank lines before it and the whitespace after it. */
    static String trimmed(String text) {
        return text.replaceAll("\\A\\n+", "").stripTrailing();
    }
}
