package io.hindsight.apitoken;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Lifetimes of the tokens programs use. ISO-8601 durations. */
@ConfigMapping(prefix = "hindsight.api")
public interface ApiConfig {

    /** Access tokens are short-lived; programs refresh them. At most five minutes. */
    @WithDefault("PT5M")
    Duration accessTokenLifetime();

    @WithDefault("P30D")
    Duration refreshTokenLifetime();

    /**
     * How long the immediately previous refresh token still yields its already-issued successor,
     * so clients that refresh concurrently converge instead of failing.
     */
    @WithDefault("PT20S")
    Duration refreshOverlap();
}
