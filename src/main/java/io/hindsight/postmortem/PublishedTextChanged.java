package io.hindsight.postmortem;

/**
 * What readers of a published postmortem see changed: it was recorded as published (demo stories, imports) or an
 * amendment was approved. Fired inside the transaction that made the change; the review's first publication fires
 * {@code PostmortemPublished} instead.
 */
public record PublishedTextChanged(Postmortem postmortem) {
}
