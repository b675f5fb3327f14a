package io.hindsight.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whether the demo incidents are loaded at start. */
@ConfigMapping(prefix = "hindsight.demo-data")
public interface DemoConfig {

    /**
     * Load the demo incidents once per installation at start. Off for production; the launcher
     * turns it on when it starts the embedded database (trying Hindsight out).
     */
    @WithDefault("false")
    boolean enabled();
}
