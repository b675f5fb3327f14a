package io.hindsight.postmortem;

import java.util.Locale;

/**
 * Wording the blameless check flagged.
 *
 * @param ruleId      the {@link BlamelessRule#id()} that matched
 * @param phrase      the flagged words exactly as written, i.e. {@code markdown.substring(start, end)}
 * @param start       offset of the first flagged character in the analysed Markdown
 * @param end         offset just after the last flagged character (exclusive)
 * @param explanation why this wording hurts learning
 * @param suggestion  a prompt towards a system-focused rewording
 * @param sentence    the sentence the phrase is in, as plain text (Markdown emphasis and link syntax removed)
 */
public record BlamelessFinding(String ruleId, String phrase, int start, int end, String explanation, String suggestion,
                               String sentence) {

    /** The part of {@link #sentence} before the flagged phrase, for showing the phrase highlighted in its sentence. */
    public String before() {
        int at = phraseInSentence();
        return at < 0 ? sentence : sentence.substring(0, at);
    }

    /** The flagged phrase as it reads in {@link #sentence} (the phrase itself when Markdown syntax sits inside it). */
    public String highlighted() {
        int at = phraseInSentence();
        return at < 0 ? phrase : sentence.substring(at, at + phrase.length());
    }

    /** The part of {@link #sentence} after the flagged phrase; empty when the phrase is not found in it as written. */
    public String after() {
        int at = phraseInSentence();
        return at < 0 ? "" : sentence.substring(at + phrase.length());
    }

    private int phraseInSentence() {
        // Same length in both, so offsets found in the lower-cased text hold in the original.
        String lowerSentence = sentence.toLowerCase(Locale.ROOT);
        String lowerPhrase = phrase.toLowerCase(Locale.ROOT);
        return lowerSentence.length() == sentence.length() && lowerPhrase.length() == phrase.length()
                ? lowerSentence.indexOf(lowerPhrase) : sentence.indexOf(phrase);
    }
}
