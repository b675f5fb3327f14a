package io.hindsight.tracker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code hindsight.trackers.*}: how issues are created and their state read back (docs/integrations.md). */
@ConfigMapping(prefix = "hindsight.trackers")
public interface TrackerConfig {

    /** How often each instance looks for issues to create; a request also wakes it at once. */
    @WithDefault("5s")
    Duration relayInterval();

    /** How long a claimed creation belongs to the relay that claimed it; longer than connect plus read timeout. */
    @WithDefault("1m")
    Duration lease();

    @WithDefault("5s")
    Duration connectTimeout();

    @WithDefault("15s")
    Duration readTimeout();

    /** Server errors, 429s, timeouts and connection failures are retried until a creation has had this many attempts. */
    @WithDefault("20")
    int maxAttempts();

    /** The first retry waits about this long; each further one doubles it, with jitter, up to {@link #backoffMax()}. */
    @WithDefault("5s")
    Duration backoffBase();

    @WithDefault("15m")
    Duration backoffMax();

    /**
     * How often linked issues are read back from the tracker, for trackers whose webhooks cannot reach
     * Hindsight; each issue is read at most once per interval whatever the number of instances.
     */
    @WithDefault("10m")
    Duration pollInterval();

    /** Most issues read back by one poll of one instance. */
    @WithDefault("50")
    int pollBatch();
}
