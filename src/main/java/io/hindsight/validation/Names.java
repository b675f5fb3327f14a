package io.hindsight.validation;

import java.util.Locale;
import java.util.Optional;

/**
 * Names and titles are shown on their own, in lists, headings, chat messages and exports, so they may not hold the
 * invisible characters that change the direction in which text around them is shown: the embeddings and overrides
 * U+202A–U+202E and the isolates U+2066–U+2069. One of them in a name makes it display as something it is not
 * ("admin" shown for "nimda", a file type reversed); right-to-left scripts need none of them, since Unicode orders
 * their letters by itself. Longer text (summaries, postmortem sections) may hold them, as mixed-direction prose does.
 */
public final class Names {

    private Names() {
    }

    private static boolean isDirectionControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /** Null when {@code name} holds no direction control; otherwise what is wrong, to follow the field's name. */
    public static String directionProblem(String name) {
        if (name == null) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isDirectionControl(c)) {
                return "contains an invisible character (" + String.format(Locale.ROOT, "U+%04X", (int) c)
                        + ") that changes the direction in which the text is shown. Remove it and try again.";
            }
        }
        return null;
    }

    /** The error of a form's name field {@code field} whose value holds a direction control, if it does. */
    public static Optional<FieldError> directionError(String field, String name) {
        String problem = directionProblem(name);
        return problem == null ? Optional.empty() : Optional.of(new FieldError(field, "The name " + problem));
    }

    /** The text without direction controls: for names that come from other tools, which are kept rather than refused. */
    public static String withoutDirectionControls(String text) {
        if (text == null || directionProblem(text) == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!isDirectionControl(text.charAt(i))) {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }
}
