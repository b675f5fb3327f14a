package io.hindsight.postmortem;

import io.quarkus.qute.TemplateExtension;

/**
 * Amendments as pages show them: {@code {postmortem.openAmendment}} for its editors, {@code {postmortem.lastAmendment}}
 * for the "Amended on …" line every reader sees.
 */
@TemplateExtension
public class AmendmentExtensions {

    static PostmortemAmendment openAmendment(Postmortem postmortem) {
        return PostmortemAmendment.findOpen(postmortem.id).orElse(null);
    }

    static PostmortemAmendment lastAmendment(Postmortem postmortem) {
        return PostmortemAmendment.findLatestApproved(postmortem.id).orElse(null);
    }
}
