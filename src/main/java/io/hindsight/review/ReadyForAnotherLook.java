package io.hindsight.review;

import io.hindsight.account.User;
import io.hindsight.postmortem.Postmortem;

import java.util.List;

/**
 * Announced inside the transaction in which a writer sent a postmortem back to the reviewers who
 * asked for changes.
 *
 * @param by        who sent it back
 * @param reviewers the reviewers asked again (now pending)
 */
public record ReadyForAnotherLook(Postmortem postmortem, User by, List<User> reviewers) {
}
