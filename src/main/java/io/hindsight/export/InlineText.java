package io.hindsight.export;

/**
 * People's plain text (titles, names, timeline entries, notes) made safe for one line of Markdown:
 * a heading, a list item or a table cell. Line breaks cannot start new blocks, and characters with a
 * meaning inside a line are backslash-escaped, so a title like {@code ## Fix #3 `now`} reads as typed
 * instead of turning into a heading, code or a link.
 */
public final class InlineText {

    /**
     * Escaped with a backslash (CommonMark allows it before any ASCII punctuation): emphasis, code,
     * links, images, raw HTML and entities, headings' closing #s, table pipes, strikethrough, and
     * GitHub's $math$.
     */
    private static final String SPECIAL = "\\`*_[]<>#|~&$";

    private InlineText() {
    }

    /** One line: every line break and control character becomes a space, runs of spaces become one. */
    static String escape(String text) {
        return escapeLine(oneLine(text), false);
    }

    /**
     * A table cell: like {@link #escape}, but line breaks are kept as {@code <br>}, which GitHub
     * renders in tables, and a pipe is written {@code &#124;}. (A backslash-escaped pipe would do
     * for the cell, but table parsers strip one backslash before every pipe before anything else,
     * so a typed {@code \|} would lose its backslash.)
     */
    static String cell(String text) {
        String[] lines = normalizedBreaks(text).split("\n", -1);
        StringBuilder cell = new StringBuilder();
        for (String line : lines) {
            String escaped = escapeLine(oneLine(line), true);
            if (escaped.isEmpty()) {
                continue;
            }
            if (!cell.isEmpty()) {
                cell.append("<br>");
            }
            cell.append(escaped);
        }
        return cell.toString();
    }

    /** Undoes {@link #escape} and {@link #cell}: backslash escapes, {@code &#124;} and {@code <br>}. */
    /** Undoes {@link InlineText#escape} and {@link InlineText#cell}: backslash escapes, {@code &#124;} and {@code <br>}. */
    public static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(++i));
            } else if (text.startsWith("&#124;", i)) {
                out.append('|');
                i += 5;
            } else if (text.startsWith("<br>", i)) {
                out.append('\n');
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String escapeLine(String line, boolean inCell) {
        StringBuilder out = new StringBuilder(line.length() + 8);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '|' && inCell) {
                out.append("&#124;");
                continue;
            }
            if (SPECIAL.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        String normalized = normalizedBreaks(text);
        StringBuilder out = new StringBuilder(normalized.length());
        boolean space = false;
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c);
            if (blank) {
                space = true;
                continue;
            }
            if (space && !out.isEmpty()) {
                out.append(' ');
            }
            space = false;
            out.append(c);
        }
        return out.toString();
    }

    /** CR LF, CR, NEL and the Unicode line and paragraph separators all become LF. */
    public static String normalizedBreaks(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('\u0085', '\n')
                .replace('\u2028', '\n').replace('\u2029', '\n');
    }
}
