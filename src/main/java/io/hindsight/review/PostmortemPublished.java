package io.hindsight.review;

import io.hindsight.postmortem.Postmortem;

/** Announced inside the transaction that published a postmortem to the Lessons library. */
public record PostmortemPublished(Postmortem postmortem) {
}
