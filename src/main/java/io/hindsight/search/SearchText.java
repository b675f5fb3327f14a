package io.hindsight.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person typed, made ready for PostgreSQL: the part read by {@code websearch_to_tsquery} (words, "quoted
 * phrases", {@code or}, {@code -word}) and the words marked as prefixes with a trailing {@code *}, which that
 * function does not know and which become {@code to_tsquery} prefix terms ({@code word:*}). Nothing typed reaches
 * the SQL text: both parts are bound as parameters, and prefix words keep only letters and digits.
 *
 * <p>A hyphenated word ({@code look-alike}) becomes a phrase of its parts, so that it finds the tag
 * {@code look-alike-names} as well as the words "look-alike" in prose.
 */
record SearchText(String web, String prefixes, List<String> plainWords) {

    /** The longest query searched; a longer one is refused with a message rather than cut. */
    static final int MAX_LENGTH = 200;

    private static final Pattern PREFIX = Pattern.compile("([\\p{L}\\p{N}]+)\\*");
    private static final Pattern HYPHENATED = Pattern.compile("[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+)+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern PLAIN = Pattern.compile("[\\p{L}\\p{N}\\s]+");

    static SearchText of(String typed) {
        String text = typed == null ? "" : typed.strip();
        List<String> prefixes = new ArrayList<>();
        Matcher prefix = PREFIX.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (prefix.find()) {
            prefixes.add(prefix.group(1).toLowerCase(Locale.ROOT) + ":*");
            prefix.appendReplacement(rest, " ");
        }
        prefix.appendTail(rest);
        String web = phrasesForHyphens(rest.toString().replace("*", " "));
        // Short queries of plain words (no phrase, operator or prefix) may be misspelt: those get suggestions.
        List<String> plain = new ArrayList<>();
        if (prefixes.isEmpty() && PLAIN.matcher(text).matches()) {
            Matcher word = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (word.find()) {
                plain.add(word.group());
            }
        }
        return new SearchText(web.strip(), String.join(" & ", prefixes), List.copyOf(plain));
    }

    /** Outside quotes, {@code a-b} becomes {@code "a b"}; inside quotes the hyphen becomes a space. */
    private static String phrasesForHyphens(String text) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                out.append(c);
                i++;
                continue;
            }
            Matcher m = HYPHENATED.matcher(text).region(i, text.length());
            if (m.lookingAt() && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                String words = m.group().replace('-', ' ');
                out.append(quoted ? words : "\"" + words + "\"");
                i = m.end();
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** A query made only of plain words, short enough to be a misspelling rather than a question. */
    boolean mayBeMisspelt() {
        return !plainWords.isEmpty() && plainWords.size() <= 3;
    }
}
