package io.hindsight.export;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What people wrote in Markdown, made safe to place between the report's own headings. It stays
 * as written (it is Markdown already) except that line endings become LF, blank lines at either end
 * go, and a block that would otherwise run to the end of the document is closed: an unclosed
 * {@code ```} fence or an unclosed {@code <!--}, {@code <pre>} or {@code <script>} would swallow
 * every section after it.
 *
 * <p>Whether a body leaks is asked of a CommonMark parser rather than guessed: the body is parsed
 * with a probe heading after it, and the body is contained when the probe is still a heading.
 */
public final class ContainedMarkdown {

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private static final String PROBE = "hindsight-export-probe-7f3a";
    private static final Pattern LEADING_BLANK_LINES = Pattern.compile("\\A(?:[ \\t]*\\n)+");
    private static final Pattern RAW_TEXT_TAG = Pattern.compile("\\A {0,3}<(script|pre|style|textarea)(?:[\\s>]|\\z)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TILDES = Pattern.compile("~+");
    /** Closing one block can only reveal another that was opened before it was; a few rounds are plenty. */
    private static final int MAX_CLOSERS = 8;

    private ContainedMarkdown() {
    }

    static String of(String markdown) {
        String text = LEADING_BLANK_LINES.matcher(InlineText.normalizedBreaks(markdown)).replaceFirst("").stripTrailing();
        if (text.isEmpty() || !mayLeak(text)) {
            return text;
        }
        for (int round = 0; round < MAX_CLOSERS; round++) {
            Node last = PARSER.parse(text + "\n\n# " + PROBE).getLastChild();
            if (isProbe(last)) {
                return text;
            }
            String closer = closerOf(last);
            if (closer == null) {
                break;
            }
            text = text + "\n" + closer;
        }
        return asLiteral(text);
    }

    /**
     * Only a fence or an HTML block can run past a blank line and a heading, and neither starts
     * without {@code ```}, {@code ~~~} or {@code <}; most postmortems skip the parser (a bulk export
     * writes thousands).
     */
    private static boolean mayLeak(String text) {
        return text.contains("```") || text.contains("~~~") || text.indexOf('<') >= 0;
    }

    private static boolean isProbe(Node node) {
        return node instanceof Heading heading && heading.getFirstChild() instanceof Text text
                && PROBE.equals(text.getLiteral()) && text.getNext() == null;
    }

    /** The line that ends the block that swallowed the probe, or null when it is not one we know. */
    private static String closerOf(Node block) {
        if (block instanceof FencedCodeBlock fence) {
            return fence.getFenceCharacter().repeat(Math.max(3, fence.getOpeningFenceLength()));
        }
        if (block instanceof HtmlBlock html) {
            String start = html.getLiteral().stripLeading().toLowerCase(Locale.ROOT);
            Matcher rawText = RAW_TEXT_TAG.matcher(html.getLiteral());
            if (rawText.find()) {
                return "</" + rawText.group(1).toLowerCase(Locale.ROOT) + ">";
            }
            if (start.startsWith("<!--")) {
                return "-->";
            }
            if (start.startsWith("<?")) {
                return "?>";
            }
            if (start.startsWith("<![cdata[")) {
                return "]]>";
            }
            if (start.startsWith("<!")) {
                return ">";
            }
        }
        return null;
    }

    /** The last resort: the whole text shown literally, in a fence longer than any run of tildes inside it. */
    private static String asLiteral(String text) {
        int longest = 0;
        Matcher tildes = TILDES.matcher(text);
        while (tildes.find()) {
            longest = Math.max(longest, tildes.group().length());
        }
        String fence = "~".repeat(Math.max(3, longest + 1));
        return fence + "markdown\n" + text + "\n" + fence;
    }

    /**
     * A section body as its author wrote it, as far as can be told: {@link #of} closes a fence or an
     * HTML block that would swallow the rest of the report, or shows the whole text literally in a
     * {@code ~~~markdown} fence; when the body is exactly what {@link #of} would make of a shorter
     * text, that text is taken (containing it again gives the same bytes).
     */
    public static String original(String body) {
        if (body.startsWith("~~~") && body.endsWith("~~~")) {
            int open = body.indexOf("markdown\n");
            int close = body.lastIndexOf('\n');
            if (open > 0 && close > open && body.substring(0, open).matches("~+")) {
                String inner = body.substring(open + 9, close);
                if (of(inner).equals(body)) {
                    return inner;
                }
            }
        }
        for (int round = 0; round < 8; round++) {
            int nl = body.lastIndexOf('\n');
            if (nl < 0) {
                break;
            }
            String shorter = body.substring(0, nl);
            if (!of(shorter).equals(body)) {
                break;
            }
            body = shorter;
        }
        return body;
    }
}
