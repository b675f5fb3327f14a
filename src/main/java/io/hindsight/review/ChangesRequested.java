package io.hindsight.review;

import io.hindsight.account.User;
import io.hindsight.postmortem.Postmortem;

/**
 * Announced inside the transaction in which a reviewer asked for changes, so the people who wrote
 * the postmortem hear of it.
 *
 * @param comments how many comments the reviewer wrote in this round of review
 */
public record ChangesRequested(Postmortem postmortem, User reviewer, long comments) {
}
