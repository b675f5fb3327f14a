package io.hindsight.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Posts a {@link TeamsCard} to a Microsoft Teams Workflows webhook and reads the answer in Teams'
 * terms: a Workflows trigger answers {@code 202 Accepted} once it took the message (an older
 * Office 365 connector answered {@code 200} with body {@code 1}), so any 2xx is delivered, except a
 * 200 whose body is an error (which is how the old connectors reported some failures). 429, 5xx, 408,
 * timeouts and connection errors are retried as for Slack; any other status (400 for a card Teams
 * does not take, 404 for a deleted workflow, 413 for a message too large) fails with the answer as reason.
 * Same transport and timeouts as {@link SlackWebhook}.
 */
@ApplicationScoped
public class TeamsWebhook implements ChatWebhook {

    @Inject
    SlackWebhook transport;

    @Override
    public CompletableFuture<SlackWebhook.Outcome> post(String url, String payload) {
        return transport.send(url, payload, this::classify);
    }

    SlackWebhook.Outcome classify(int status, String body, Optional<String> retryAfter) {
        String answer = SlackWebhook.excerpt(body);
        if (status == 200 && !(answer.isEmpty() || answer.equals("1"))) {
            return new SlackWebhook.Outcome(SlackWebhook.Verdict.FAILED, status, "HTTP 200 with an error: " + answer, null);
        }
        if (status >= 200 && status < 300) {
            return new SlackWebhook.Outcome(SlackWebhook.Verdict.DELIVERED, status, null, null);
        }
        return transport.refused(status, answer, retryAfter);
    }
}
