package io.hindsight.importing;

import io.hindsight.export.FrontMatter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front matter of an imported file, read with the same YAML library that writes it
 * ({@link FrontMatter}), and the Markdown after it. Scalars a person left unquoted
 * ({@code id: 42}, {@code title: 2026}) are taken as the text they are.
 */
final class ImportedFrontMatter {

    /** The file's front matter and the Markdown after it. */
    record Split(ImportedFrontMatter front, String body) {
    }

    private final Map<String, Object> values;

    private ImportedFrontMatter(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * Separates the front matter (between a first line {@code ---} and the next {@code ---}) from
     * the body; a file without one has an empty front matter. Null when the front matter is never
     * closed or is not YAML: an error then says so, because guessing would import the wrong thing.
     */
    static Split split(String text, ImportNotes notes) {
        if (text.startsWith("+++\n")) {
            return toml(text, notes);
        }
        if (!text.startsWith("---\n")) {
            return new Split(new ImportedFrontMatter(Map.of()), text);
        }
        int end = text.indexOf("\n---\n", 3);
        if (end < 0 && text.endsWith("\n---")) {
            end = text.length() - 4;
        }
        if (end < 0) {
            notes.error("The front matter starting on line 1 is never closed with ---.");
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            FrontMatter.read(text.substring(4, end + 1)).forEach((key, value) -> values.put(key, asText(value)));
        } catch (IllegalArgumentException e) {
            notes.error("The front matter could not be read: " + e.getMessage() + ".");
            return null;
        }
        return new Split(new ImportedFrontMatter(values), end + 5 <= text.length() ? text.substring(end + 5) : "");
    }

    private static final java.util.regex.Pattern TOML_STRING = java.util.regex.Pattern.compile(
            "^([A-Za-z0-9_-]+)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");

    /**
     * TOML front matter between {@code +++} lines (Hugo, Zola): only its top-level text values are
     * read ({@code title = "..."}, {@code date = "..."}); tables and other values are left out, which
     * is all an import needs from a blog post's front matter.
     */
    private static Split toml(String text, ImportNotes notes) {
        int end = text.indexOf("\n+++", 3);
        if (end < 0) {
            notes.error("The front matter starting on line 1 is never closed with +++.");
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String line : text.substring(4, end).split("\n")) {
            if (line.startsWith("[")) {
                break;
            }
            java.util.regex.Matcher m = TOML_STRING.matcher(line.strip());
            if (m.matches() && !m.group(1).equals("template") || m.matches() && isSlug(m.group(2))) {
                values.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        int after = text.indexOf('\n', end + 1);
        return new Split(new ImportedFrontMatter(values), after < 0 ? "" : text.substring(after + 1));
    }

    private static boolean isSlug(String value) {
        return value.matches("[a-z0-9-]{1,60}");
    }

    /** Whether the keys are those of a Hindsight export rather than a person's own front matter. */
    boolean isExport() {
        return values.containsKey("time_to_detect") || values.containsKey("postmortem_status");
    }

    /** The text under {@code key}, or null when it is missing, null or not text. */
    String text(String key) {
        return values.get(key) instanceof String s ? s : null;
    }

    /** The value under {@code key} as read: text, a list, a map, or null. */
    Object value(String key) {
        return values.get(key);
    }

    /** Whether {@code key} is given with the value null (not merely left out). */
    boolean isNull(String key) {
        return values.containsKey(key) && values.get(key) == null;
    }

    /** The entries under {@code key} when it is a list, otherwise none. */
    List<?> list(String key) {
        return values.get(key) instanceof List<?> list ? list : List.of();
    }

    /** The text entries under {@code key}; other entries are left out. */
    List<String> strings(String key) {
        return list(key).stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    /** The same front matter with the title a plain postmortem's heading gives. */
    ImportedFrontMatter withTitle(String title) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put("title", title);
        return new ImportedFrontMatter(copy);
    }

    private static Object asText(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ImportedFrontMatter::asText).toList();
        }
        return value;
    }
}
