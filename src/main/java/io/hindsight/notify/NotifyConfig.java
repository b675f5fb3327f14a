package io.hindsight.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code hindsight.notify.*}: how the relay delivers the outbox (defaults in docs/configuration.md). */
@ConfigMapping(prefix = "hindsight.notify")
public interface NotifyConfig {

    /**
     * How often each instance looks for due messages; commits also wake it at once. The scheduler
     * runs jobs at most once a second, so shorter values act as one second.
     */
    @WithDefault("1s")
    Duration relayInterval();

    /**
     * How long a claimed message belongs to the relay that claimed it. Must exceed connect plus read
     * timeout, or a slow send could be claimed again by another instance and delivered twice.
     */
    @WithDefault("1m")
    Duration lease();

    @WithDefault("5s")
    Duration connectTimeout();

    /** From the request being sent until the whole answer is in. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Least time between two messages to the same webhook (Slack allows about one per second). */
    @WithDefault("1s")
    Duration pacing();

    /** Most destinations served by one relay pass (one message each). */
    @WithDefault("20")
    int batchSize();

    /**
     * Server errors, timeouts and connection failures are retried until a message has had this many
     * attempts; then it is kept as failed with the last reason, and an admin can replay it.
     */
    @WithDefault("20")
    int maxAttempts();

    Backoff backoff();

    interface Backoff {
        /** The first retry waits about this long; each further one doubles it, with jitter. */
        @WithDefault("5s")
        Duration base();

        /** No retry waits longer than this (a 429's Retry-After is honoured as given, up to an hour). */
        @WithDefault("15m")
        Duration max();
    }
}
