package io.hindsight.postmortem;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One wording rule of the blameless check.
 *
 * @param id          kebab-case name, e.g. {@code human-error}
 * @param pattern     what to flag; compiled with {@link #FLAGS} (case-insensitive, Unicode). If it has a named group
 *                    {@code hit}, only that group is reported as the phrase (the rest is context, e.g. the subject)
 * @param explanation why this wording hurts learning
 * @param suggestion  a prompt towards a system-focused rewording
 * @param unless      optional (may be {@code null}): the harmless reading of the same words. When a match of
 *                    {@code unless} in the same sentence overlaps a match of {@code pattern}, that match is not
 *                    reported (e.g. "if only one replica is healthy" for the {@code if-only} rule)
 */
public record BlamelessRule(String id, Pattern pattern, String explanation, String suggestion, Pattern unless) {

    /** The flags every rule pattern is compiled with. */
    public static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    public BlamelessRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pattern, "pattern");
        if (!KEBAB_CASE.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id '" + id + "' is not kebab-case (a-z, 0-9 and single hyphens)");
        }
        if (explanation == null || explanation.isBlank()) {
            throw new IllegalArgumentException("rule '" + id + "' has no explanation");
        }
        if (suggestion == null || suggestion.isBlank()) {
            throw new IllegalArgumentException("rule '" + id + "' has no suggestion");
        }
    }

    /** A rule from regular expressions compiled with {@link #FLAGS}; {@code unless} may be {@code null}. */
    public static BlamelessRule of(String id, String pattern, String explanation, String suggestion, String unless) {
        return new BlamelessRule(id, Pattern.compile(pattern, FLAGS), explanation, suggestion,
                unless == null ? null : Pattern.compile(unless, FLAGS));
    }

    /** A rule without an {@code unless} pattern. */
    public static BlamelessRule of(String id, String pattern, String explanation, String suggestion) {
        return of(id, pattern, explanation, suggestion, null);
    }
}
