package io.hindsight.notify;

import java.util.concurrent.CompletableFuture;

/** Posts one message to one kind of incoming webhook and says what came of it. */
public interface ChatWebhook {

    /**
     * Starts the POST. The future never completes exceptionally and completes within connect plus
     * read timeout, however the other side behaves.
     */
    CompletableFuture<SlackWebhook.Outcome> post(String url, String payload);
}
