package io.hindsight.validation;

import java.util.Locale;

/**
 * The one place that decides which characters Hindsight accepts in text: everything Unicode allows in a
 * document except what PostgreSQL cannot store or what never means anything in prose: NUL and the other C0
 * control characters (tab, line feed and carriage return are fine), and unpaired UTF-16 surrogates (the
 * remains of a character cut in half). Forms and the JSON API refuse such text with a message naming the
 * field; search and filter parameters drop the characters instead, since they only narrow a list.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Null when {@code text} can be stored; otherwise what is wrong with it, to follow the field's name. */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (c < 0x20) {
                return "contains a control character (" + codePoint(c) + (c == 0 ? ", NUL" : "")
                        + ") that cannot be stored. Remove it and try again.";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return brokenCharacter(c);
            }
            if (Character.isLowSurrogate(c)) {
                return brokenCharacter(c);
            }
        }
        return null;
    }

    public static boolean storable(String text) {
        return problem(text) == null;
    }

    /** The text without the characters {@link #problem} refuses; for search and filter values. */
    public static String clean(String text) {
        if (text == null || storable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String brokenCharacter(char c) {
        return "contains a broken character (" + codePoint(c) + ", half of a character that was cut in two). "
                + "Retype the text around it and try again.";
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
