package io.hindsight.notify;

import io.hindsight.actionitem.ActionItemAssigned;
import io.hindsight.incident.IncidentChanged;
import io.hindsight.incident.IncidentDeclared;
import io.hindsight.remediation.DailyDigest;
import io.hindsight.review.ChangesRequested;
import io.hindsight.review.PostmortemPublished;
import io.hindsight.review.PostmortemSentForReview;
import io.hindsight.review.ReadyForAnotherLook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Listens to what the features announce and writes the Slack outbox. Every observer is synchronous,
 * so it runs inside the announcing transaction: the change and its notification commit together,
 * and a change that rolls back notifies nobody. Nothing here talks to Slack.
 */
@ApplicationScoped
public class NotificationListener {

    @Inject
    Outbox outbox;

    @Inject
    NotificationMessages messages;

    void incidentDeclared(@Observes IncidentDeclared event) {
        outbox.enqueue(EventKey.INCIDENT_DECLARED, () -> messages.incidentDeclared(event.incident()));
    }

    void incidentChanged(@Observes IncidentChanged event) {
        if (event.severityChanged()) {
            outbox.enqueue(EventKey.SEVERITY_CHANGED, () -> messages.severityChanged(event.incident(), event.previousSeverity()));
        }
        if (event.statusChanged()) {
            outbox.enqueue(EventKey.STATUS_CHANGED, () -> messages.statusChanged(event.incident(), event.previousStatus()));
        }
    }

    void postmortemSentForReview(@Observes PostmortemSentForReview event) {
        outbox.enqueue(EventKey.POSTMORTEM_IN_REVIEW, () -> messages.postmortemInReview(event.postmortem()));
    }

    void changesRequested(@Observes ChangesRequested event) {
        outbox.enqueue(EventKey.POSTMORTEM_CHANGES_REQUESTED, () -> messages.changesRequested(event));
    }

    void readyForAnotherLook(@Observes ReadyForAnotherLook event) {
        outbox.enqueue(EventKey.POSTMORTEM_IN_REVIEW, () -> messages.readyForAnotherLook(event));
    }

    void postmortemPublished(@Observes PostmortemPublished event) {
        outbox.enqueue(EventKey.POSTMORTEM_PUBLISHED, () -> messages.postmortemPublished(event.postmortem()));
    }

    void actionItemAssigned(@Observes ActionItemAssigned event) {
        outbox.enqueue(EventKey.ACTION_ITEM_ASSIGNED, () -> messages.actionItemAssigned(event.item()));
    }

    void dailyDigest(@Observes DailyDigest.Due due) {
        outbox.enqueue(EventKey.DAILY_DIGEST, () -> messages.dailyDigest(due));
    }
}
