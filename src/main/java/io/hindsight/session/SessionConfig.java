package io.hindsight.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long browser sessions last. ISO-8601 durations, e.g. PT30M. */
@ConfigMapping(prefix = "hindsight.session")
public interface SessionConfig {

    /** Signed out after this long without a request. */
    @WithDefault("PT30M")
    Duration idleTimeout();

    /** Signed out this long after signing in, however active. */
    @WithDefault("PT12H")
    Duration absoluteTimeout();

    /**
     * Lifetime of the signed token in the session cookie. It is re-issued while the person is
     * active, so it only needs to outlive the idle timeout.
     */
    @WithDefault("PT30M")
    Duration accessTokenLifetime();

    /** An active person's token is re-issued once it is older than this. */
    @WithDefault("PT1M")
    Duration renewAfter();

    /**
     * How long a session's state (its deadlines, the person's role and status) and a verified token
     * are reused between requests. Revocations reach every instance at once regardless (LISTEN/NOTIFY);
     * this bounds what a missed notice can cost. Deadlines are checked on every request.
     */
    @WithDefault("PT5S")
    Duration cacheTtl();

    /** How many sessions' states (and verified tokens) are kept at most. */
    @WithDefault("10000")
    long cacheSize();

    /**
     * {@code auto}: a Secure cookie named {@code __Host-hindsight_session} over HTTPS, a plain one
     * named {@code hindsight_session} over HTTP (localhost trials). {@code always} or {@code never}
     * force it.
     */
    @WithDefault("auto")
    String secureCookie();
}
