package io.hindsight.review;

import io.hindsight.account.CurrentUser;
import io.hindsight.postmortem.Postmortem;
import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

/**
 * The review as pages outside the review page show it, {@code {postmortem.reviewState}}: the
 * postmortem page tells its writers who asked for changes without the postmortem feature knowing
 * about review.
 */
@TemplateExtension
public class ReviewExtensions {

    static ReviewState reviewState(Postmortem postmortem) {
        Long viewer = Arc.container().instance(CurrentUser.class).get().id();
        return Arc.container().instance(ReviewService.class).get().state(postmortem, viewer);
    }
}
