package io.hindsight.review;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the postmortem page says about its review, for the people who wrote it: who asked for
 * changes and with how many comments, whether the viewer may send it back, and an admin's
 * publishing override.
 *
 * @param canSendBack whether the viewer wrote part of it and a reviewer is waiting for changes
 */
public record ReviewState(long incidentId, List<Request> changesRequested, boolean canSendBack, String overrideReason,
                          String overrideBy, Instant overrideAt) {

    /** A reviewer who asked for changes, and how many comments they wrote in this round. */
    public record Request(String reviewer, long comments) {
        public String text() {
            return reviewer + ": " + comments + (comments == 1 ? " comment" : " comments");
        }
    }

    /** "Changes requested by Victor: 2 comments; Ana: 1 comment". */
    public String changesRequestedText() {
        return "Changes requested by " + changesRequested.stream().map(Request::text).collect(Collectors.joining("; "));
    }

    public boolean overridden() {
        return overrideReason != null;
    }
}
