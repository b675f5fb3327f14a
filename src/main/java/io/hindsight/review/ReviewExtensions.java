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
        CurrentUser me = Arc.container().instance(CurrentUser.class).get();
        // Only an editor can send it back, so only an editor is offered the button.
        return Arc.container().instance(ReviewService.class).get().state(postmortem, me.canEdit() ? me.id() : null);
    }
}
