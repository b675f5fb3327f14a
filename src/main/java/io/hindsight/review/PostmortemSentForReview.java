package io.hindsight.review;

import io.hindsight.postmortem.Postmortem;

/** Announced inside the transaction that sent a postmortem for review. */
public record PostmortemSentForReview(Postmortem postmortem) {
}
