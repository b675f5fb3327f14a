package io.hindsight.system;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where this portal runs, as an operator names it. */
@ConfigMapping(prefix = "hindsight.environment")
public interface EnvironmentConfig {

    /** Shown as a badge on every page: production, staging, local, test … */
    @WithDefault("production")
    String name();
}
