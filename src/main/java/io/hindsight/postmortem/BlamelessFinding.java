package io.hindsight.postmortem;

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
}
