package io.hindsight.export;

import java.util.List;
import java.util.Map;

/**
 * The YAML front matter at the top of a report. Keys are fixed; every text value is written as a
 * double-quoted scalar on one line with backslash escapes, so that nothing a person typed can end
 * the block early, add a key, or be read as another type (a title of {@code "no"} stays a string).
 */
final class FrontMatter {

    private final StringBuilder yaml = new StringBuilder("---\n");

    FrontMatter number(String key, Long value) {
        return line(key, value == null ? "null" : value.toString());
    }

    /** A quoted string, or {@code null} when there is no value. */
    FrontMatter string(String key, String value) {
        return line(key, value == null ? "null" : quoted(value));
    }

    /** A flow sequence of quoted strings: {@code ["a", "b"]}, or {@code []}. */
    FrontMatter strings(String key, List<String> values) {
        return line(key, values.stream().map(FrontMatter::quoted).toList().toString());
    }

    /** A block sequence of mappings with quoted values, in the order given; {@code []} when empty. */
    FrontMatter mappings(String key, List<Map<String, String>> values) {
        if (values.isEmpty()) {
            return line(key, "[]");
        }
        yaml.append(key).append(":\n");
        for (Map<String, String> mapping : values) {
            String indent = "  - ";
            for (Map.Entry<String, String> entry : mapping.entrySet()) {
                yaml.append(indent).append(entry.getKey()).append(": ")
                        .append(entry.getValue() == null ? "null" : quoted(entry.getValue())).append('\n');
                indent = "    ";
            }
        }
        return this;
    }

    /** A comment line; only for the report's own fixed words, never for people's text. */
    FrontMatter comment(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("A comment is one line");
        }
        yaml.append("# ").append(text).append('\n');
        return this;
    }

    String end() {
        return yaml.append("---").toString();
    }

    private FrontMatter line(String key, String value) {
        yaml.append(key).append(": ").append(value).append('\n');
        return this;
    }

    /**
     * A YAML double-quoted scalar. Besides {@code \} and {@code "}, everything YAML treats as a line
     * break or does not allow unescaped (C0 and C1 controls, DEL, NEL, the line and paragraph
     * separators, the byte order mark) is written as an escape.
     */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u0085' -> out.append("\\N");
                case '\u2028' -> out.append("\\L");
                case '\u2029' -> out.append("\\P");
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else if (c == '\uFEFF') {
                        out.append("\\uFEFF");
                    } else if (Character.isSurrogate(c) && !pairedSurrogate(value, i)) {
                        // Not text at all (PostgreSQL cannot store it); a YAML reader would refuse it.
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean pairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}
