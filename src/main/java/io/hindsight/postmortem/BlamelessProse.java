package io.hindsight.postmortem;

import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Block;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prose of a Markdown text, as the blameless check reads it: one {@link Prose} per paragraph, heading, list item
 * paragraph or table cell, with every character mapped back to its offset in the Markdown.
 *
 * <p>What is not prose is left out or blanked, so rules never see it:
 * <ul>
 *   <li>fenced and indented code blocks, block quotes ({@code > ...}: pasted logs and chat) and HTML blocks are left
 *       out;</li>
 *   <li>code spans and inline HTML are blanked (they still separate words, and are shown in the sentence);</li>
 *   <li>text in double quotes ({@code "..."} or {@code “...”}) is blanked when it looks like a quotation of a log line
 *       or a message rather than scare quotes: when its content looks machine-made (a log level such as ERROR or
 *       WARN, an {@code E_CONSTANT}, a {@code SomethingException}, an HTTP status, {@code key=value}, a path, braces),
 *       or when a quoting word comes right before it ("said", "wrote", "logged", "returned", "showed", "reads",
 *       "message", "error", "alert", "banner", "filed under", ...) or right after it ("... banner", "... message").
 *       Scare quotes such as {@code caused by "human error"} stay prose and are checked.</li>
 * </ul>
 */
final class BlamelessProse {

    /** Stands in for blanked characters: not a letter, digit, space or sentence end, so words stay apart. */
    static final char BLANK = '\u25AF';

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();

    private static final Pattern QUOTED = Pattern.compile("\"([^\"\\n]{1,400})\"|“([^”\\n]{1,400})”");
    private static final Pattern MACHINE_MADE = Pattern.compile(
            "\\b(?:ERROR|ERR|WARN|WARNING|FATAL|CRIT|CRITICAL|INFO|DEBUG|TRACE|PANIC|SEVERE|E_[A-Z0-9_]+)\\b"
                    + "|\\w(?:Exception|Error)\\b|\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b|\\b[1-5]\\d\\d\\b|\\w=\\S"
                    + "|[{}<>\\[\\]]|\\w/\\w|::|\\w\\.\\w+\\(");
    private static final Pattern CUE_BEFORE = Pattern.compile(
            "\\b(?:said|says|say|saying|wrote|writes|replied|replies|asked|asks|answered|posted|posts|messaged|commented"
                    + "|typed|tweeted|logged|logs|log|printed|prints|returned|returns|responded|responds|showed|shows"
                    + "|displayed|displays|read|reads|stated|states|message|messages|error|errors|warning|warnings|alert"
                    + "|alerts|output|outputs|banner|status|text|title|titled|subject|label|labelled|labeled|called|named"
                    + "|category|filed under|tagged|tagged as|marked as|reason|response|exception|line|string|like|quote"
                    + "|quoted|notification|notice|heading|header|field|value|column|prompt|toast|popup|dialog|entry"
                    + "|term|terms|word|words|phrase|phrases|expression|wording)"
                    + "\\s*[:,]?\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern CUE_AFTER = Pattern.compile(
            "^\\s*(?:message|error|warning|banner|alert|line|log|entry|status|string|response|notification|popup|toast"
                    + "|exception|text|label|category|page|prompt|dialog|box|checkbox|field|option|tag|column|dropdown|section"
                    + "|bucket|heading|value|choice|button|menu|template)s?\\b"
                    // a label discussed as a word (a mention, not a use): "Human error" is a label we avoid
                    + "|^[\\s,]*(?:is|was|are|were)\\s+(?:not\\s+|just\\s+|only\\s+|merely\\s+)?(?:a|an|the)\\s+(?:[\\w-]+\\s+){0,2}?"
                    + "(?:label|term|word|phrase|expression|shorthand|clich[eé]|euphemism|buzzword|verdict)s?\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "approx",
            "cf", "incl", "no", "fig", "st", "jr", "sr", "inc", "ltd", "a.m", "p.m", "ca", "resp", "esp", "min", "max", "sec");

    /**
     * One block of prose.
     *
     * @param plain   the prose as written (code spans with their backticks), for showing sentences
     * @param scan    the same length as {@code plain}, with code spans, inline HTML and log/message quotations blanked;
     *                the rules run on this
     * @param offsets for every character, its offset in the Markdown
     */
    record Prose(String plain, String scan, int[] offsets) {

        /** Sentences as [start, end) pairs into {@link #scan}, without surrounding blanks. */
        List<int[]> sentences() {
            List<int[]> sentences = new ArrayList<>();
            int length = scan.length();
            int start = skipSpace(scan, 0);
            for (int i = start; i < length; i++) {
                char c = scan.charAt(i);
                if (c != '.' && c != '!' && c != '?' && c != '…') {
                    continue;
                }
                int end = i + 1;
                while (end < length && ".!?…\"”’')]".indexOf(scan.charAt(end)) >= 0) {
                    end++;
                }
                if (end < length && !Character.isWhitespace(scan.charAt(end))) {
                    continue;
                }
                int next = skipSpace(scan, end);
                if (next < length && (Character.isLowerCase(scan.charAt(next)) || (c == '.' && isAbbreviation(scan, i)))) {
                    continue;
                }
                addSentence(sentences, start, end);
                start = next;
                i = next - 1;
            }
            addSentence(sentences, start, length);
            return sentences;
        }

        private void addSentence(List<int[]> sentences, int start, int end) {
            while (end > start && Character.isWhitespace(scan.charAt(end - 1))) {
                end--;
            }
            if (end > start) {
                sentences.add(new int[]{start, end});
            }
        }

        private static int skipSpace(String text, int from) {
            while (from < text.length() && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            return from;
        }

        /** The word before the full stop at {@code dot}: a known abbreviation, or a single letter (an initial). */
        private static boolean isAbbreviation(String text, int dot) {
            int from = dot;
            while (from > 0 && (Character.isLetter(text.charAt(from - 1)) || text.charAt(from - 1) == '.')) {
                from--;
            }
            String word = text.substring(from, dot).toLowerCase(Locale.ROOT);
            return word.length() == 1 || ABBREVIATIONS.contains(word);
        }
    }

    private final String markdown;
    private final List<Prose> blocks = new ArrayList<>();
    private final StringBuilder plain = new StringBuilder();
    private final StringBuilder scan = new StringBuilder();
    private int[] offsets = new int[64];
    /** Offset just after the last Markdown character taken into the current block. */
    private int lastEnd;

    private BlamelessProse(String markdown) {
        this.markdown = markdown;
    }

    static List<Prose> blocks(String markdown) {
        BlamelessProse prose = new BlamelessProse(markdown);
        prose.walk(PARSER.parse(markdown));
        prose.flush();
        return prose.blocks;
    }

    private void walk(Node node) {
        if (node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock || node instanceof BlockQuote
                || node instanceof HtmlBlock) {
            flush();
            return;
        }
        if (node instanceof Code code) {
            appendBlanked("`" + code.getLiteral() + "`", node);
            return;
        }
        if (node instanceof HtmlInline html) {
            appendBlanked(html.getLiteral(), node);
            return;
        }
        if (node instanceof Text text) {
            appendText(text);
            return;
        }
        if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
            append(' ', ' ', Math.min(lastEnd, Math.max(0, markdown.length() - 1)));
            return;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            walk(child);
        }
        if (node instanceof Block || node instanceof TableCell) {
            flush();
        }
    }

    /** Literal text, each character mapped to the source character it came from (escapes and entities skipped). */
    private void appendText(Text text) {
        String literal = text.getLiteral();
        List<SourceSpan> spans = text.getSourceSpans();
        if (spans.isEmpty()) {
            for (int i = 0; i < literal.length(); i++) {
                append(literal.charAt(i), literal.charAt(i), lastEnd);
            }
            return;
        }
        int[] source = sourceOffsets(spans);
        int s = 0;
        int last = source.length == 0 ? lastEnd : source[0];
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            int found = s;
            while (found < source.length && markdown.charAt(source[found]) != c) {
                found++;
            }
            if (found < source.length) {
                last = source[found];
                s = found + 1;
            }
            append(c, c, last);
        }
        if (source.length > 0) {
            lastEnd = source[source.length - 1] + 1;
        }
    }

    private void appendBlanked(String shown, Node node) {
        int[] source = sourceOffsets(node.getSourceSpans());
        for (int i = 0; i < shown.length(); i++) {
            int offset = source.length == 0 ? lastEnd : source[Math.min(i, source.length - 1)];
            append(shown.charAt(i), BLANK, offset);
        }
        if (source.length > 0) {
            lastEnd = source[source.length - 1] + 1;
        }
    }

    private static int[] sourceOffsets(List<SourceSpan> spans) {
        int[] offsets = new int[spans.stream().mapToInt(SourceSpan::getLength).sum()];
        int i = 0;
        for (SourceSpan span : spans) {
            for (int k = 0; k < span.getLength(); k++) {
                offsets[i++] = span.getInputIndex() + k;
            }
        }
        return offsets;
    }

    private void append(char shown, char scanned, int offset) {
        if (plain.length() == offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[plain.length()] = offset;
        plain.append(shown);
        scan.append(scanned);
        lastEnd = Math.max(lastEnd, offset + 1);
    }

    private void flush() {
        if (!plain.toString().isBlank()) {
            blocks.add(new Prose(plain.toString(), blankQuotations(scan), Arrays.copyOf(offsets, plain.length())));
        }
        plain.setLength(0);
        scan.setLength(0);
    }

    private static String blankQuotations(CharSequence text) {
        StringBuilder scanned = new StringBuilder(text);
        Matcher quote = QUOTED.matcher(text);
        while (quote.find()) {
            String content = quote.group(1) != null ? quote.group(1) : quote.group(2);
            String before = text.subSequence(Math.max(0, quote.start() - 40), quote.start()).toString();
            String after = text.subSequence(quote.end(), Math.min(text.length(), quote.end() + 30)).toString();
            if (MACHINE_MADE.matcher(content).find() || CUE_BEFORE.matcher(before).find() || CUE_AFTER.matcher(after).find()) {
                for (int i = quote.start(); i < quote.end(); i++) {
                    scanned.setCharAt(i, BLANK);
                }
            }
        }
        return scanned.toString();
    }
}
