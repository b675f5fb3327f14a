package io.hindsight.notice;

import io.hindsight.account.User;
import io.hindsight.postmortem.Contributor;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.review.ChangesRequested;
import io.hindsight.review.ReadyForAnotherLook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Tells people what happened in the review of a postmortem they take part in. Synchronous observers,
 * so a notice is written in the same transaction as the decision it tells of.
 */
@ApplicationScoped
public class ReviewNotices {

    @Inject
    NoticeService notices;

    /** The people who wrote the postmortem hear that a reviewer asked for changes. */
    void changesRequested(@Observes ChangesRequested event) {
        Postmortem postmortem = event.postmortem();
        String text = event.reviewer().name + " asked for changes on the postmortem of “" + postmortem.incident.title + "”"
                + (event.comments() == 0 ? "." : ": " + event.comments() + (event.comments() == 1 ? " comment." : " comments."));
        for (Contributor writer : Contributor.ofPostmortem(postmortem.id)) {
            if (!writer.id.userId.equals(event.reviewer().id)) {
                notices.leave(writer.id.userId, postmortem.incident.id, text, reviewPage(postmortem));
            }
        }
    }

    /** The reviewers asked again hear that the postmortem is ready for another look. */
    void readyForAnotherLook(@Observes ReadyForAnotherLook event) {
        Postmortem postmortem = event.postmortem();
        String text = (event.by() == null ? "Its writers" : event.by().name) + " made the changes you asked for: the postmortem of “"
                + postmortem.incident.title + "” is ready for another look.";
        for (User reviewer : event.reviewers()) {
            notices.leave(reviewer.id, postmortem.incident.id, text, reviewPage(postmortem));
        }
    }

    private static String reviewPage(Postmortem postmortem) {
        return "/incidents/" + postmortem.incident.id + "/postmortem/review";
    }
}
